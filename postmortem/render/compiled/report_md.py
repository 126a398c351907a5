from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_t = resolve('t')
    l_0_c = missing
    pass
    l_0_c = environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    yield from context.blocks['header'][0](context)
    yield from context.blocks['facts'][0](context)
    yield from context.blocks['sections'][0](context)
    yield from context.blocks['actions'][0](context)
    yield from context.blocks['lessons'][0](context)
    yield from context.blocks['links'][0](context)
    yield from context.blocks['notes'][0](context)

def block_header(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_incident = resolve('incident')
    l_0_severity = resolve('severity')
    l_0_t = resolve('t')
    l_0_c = resolve('c')
    l_0_fmt = resolve('fmt')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_3 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    try:
        t_4 = environment.filters['select']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'select' found.")
    try:
        t_5 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    try:
        t_6 = environment.tests['sameas']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'sameas' found.")
    pass
    yield '# '
    yield str(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'id'))
    yield ' — '
    yield str(t_5(t_3(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'title')), '.,;:!'))
    yield '\n\n'
    yield str(t_1(context.eval_ctx, t_4(context, [(environment.joined(str_join, ('**', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'), '**', (undefined(name='c') if l_0_c is missing else l_0_c), ' ', environment.getattr((undefined(name='severity') if l_0_severity is missing else l_0_severity), 'id'), ' — ', environment.getattr((undefined(name='severity') if l_0_severity is missing else l_0_severity), 'name'), )) if (undefined(name='severity') if l_0_severity is missing else l_0_severity) else ''), environment.joined(str_join, ('**', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'status'), '**', (undefined(name='c') if l_0_c is missing else l_0_c), ' ', environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'statuses'), environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'status')), )), environment.joined(str_join, ('**', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'date'), '**', (undefined(name='c') if l_0_c is missing else l_0_c), ' ', environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'date'), _block_vars=_block_vars), )), (environment.joined(str_join, ('**', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'authors'), '**', (undefined(name='c') if l_0_c is missing else l_0_c), ' ', t_1(context.eval_ctx, t_2(context, environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'authors'), 'md_cell'), ', '), )) if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'authors') else ''), (environment.joined(str_join, ('*', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'), ' — ', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal_notice'), '*', )) if t_6(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'internal'), True) else '')]), ' · '))
    yield '\n'

def block_facts(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_facts = resolve('facts')
    l_0_t = resolve('t')
    try:
        t_3 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    pass
    if (undefined(name='facts') if l_0_facts is missing else l_0_facts):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'key_facts'))
        yield '\n\n'
        for l_1_fact in (undefined(name='facts') if l_0_facts is missing else l_0_facts):
            l_1_c = resolve('c')
            _loop_vars = {}
            pass
            yield '- **'
            yield str(t_3(environment.getattr(l_1_fact, 'label')))
            yield '**'
            yield str((undefined(name='c') if l_1_c is missing else l_1_c))
            yield ' '
            yield str(t_3(environment.getattr(l_1_fact, 'value')))
            yield '\n'
        l_1_fact = l_1_c = missing

def block_sections(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_rows = resolve('rows')
    l_0_t = resolve('t')
    l_0_incident = resolve('incident')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_7 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_3 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    try:
        t_8 = environment.filters['md_indent']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'md_indent' found.")
    try:
        t_9 = environment.filters['md_row']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'md_row' found.")
    pass
    for l_1_name in ['summary', 'impact', 'detection']:
        l_1_text = missing
        _loop_vars = {}
        pass
        l_1_text = (environment.getattr(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'impact'), 'description') if ((l_1_name == 'impact') and environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'impact')) else (environment.getitem((undefined(name='incident') if l_0_incident is missing else l_0_incident), l_1_name) if (l_1_name != 'impact') else None))
        _loop_vars['text'] = l_1_text
        if (undefined(name='text') if l_1_text is missing else l_1_text):
            pass
            yield '\n## '
            yield str(environment.getitem((undefined(name='t') if l_0_t is missing else l_0_t), l_1_name))
            yield '\n\n'
            yield str(t_7((undefined(name='text') if l_1_text is missing else l_1_text)))
            yield '\n'
    l_1_name = l_1_text = missing
    if (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'timeline'))
        yield '\n\n'
        yield str(environment.call(context, environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'times_in'), 'format'), zone=environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'timezone'), _block_vars=_block_vars))
        yield '\n\n'
        yield str(t_9([environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'date'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'time'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'event'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'milestone')]))
        yield '\n'
        yield str(t_9(environment.call_binop(context, '*', ['---'], 4)))
        yield '\n'
        for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
            _loop_vars = {}
            pass
            yield str(t_9([environment.getattr(l_1_row, 'day'), environment.getattr(l_1_row, 'clock'), environment.joined(str_join, (t_3(environment.getattr(l_1_row, 'text')), (environment.joined(str_join, (' *(', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'), ')*', )) if environment.getattr(l_1_row, 'internal') else ''), )), t_1(context.eval_ctx, environment.getattr(l_1_row, 'milestones'), ', ')]))
            yield '\n'
        l_1_row = missing
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'root_cause'):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'root_cause'))
        yield '\n\n'
        yield str(t_7(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'root_cause')))
        yield '\n'
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'trigger'):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'trigger'))
        yield '\n\n'
        yield str(t_7(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'trigger')))
        yield '\n'
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'contributing_factors'):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'contributing_factors'))
        yield '\n\n'
        for l_1_factor in environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'contributing_factors'):
            _loop_vars = {}
            pass
            yield '- '
            yield str(t_8(t_7(l_1_factor)))
            yield '\n'
        l_1_factor = missing
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'resolution'):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'resolution'))
        yield '\n\n'
        yield str(t_7(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'resolution')))
        yield '\n'

def block_actions(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_actions = resolve('actions')
    l_0_t = resolve('t')
    try:
        t_10 = environment.filters['href']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'href' found.")
    try:
        t_11 = environment.filters['link_label']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'link_label' found.")
    try:
        t_3 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    try:
        t_9 = environment.filters['md_row']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'md_row' found.")
    pass
    if (undefined(name='actions') if l_0_actions is missing else l_0_actions):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'actions'))
        yield '\n\n'
        yield str(t_9([environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'kind'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'owner'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'due'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'status'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'link')]))
        yield '\n'
        yield str(t_9(environment.call_binop(context, '*', ['---'], 6)))
        yield '\n'
        for (l_1_action, l_1_overdue) in (undefined(name='actions') if l_0_actions is missing else l_0_actions):
            l_1_c = resolve('c')
            l_1_fmt = resolve('fmt')
            _loop_vars = {}
            pass
            yield str(t_9([environment.joined(str_join, (t_3(environment.getattr(l_1_action, 'what')), (environment.joined(str_join, (' *(', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'), ')*', )) if environment.getattr(l_1_action, 'internal') else ''), (environment.joined(str_join, (' — *', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'note'), (undefined(name='c') if l_1_c is missing else l_1_c), '* ', t_3(environment.getattr(l_1_action, 'note')), )) if environment.getattr(l_1_action, 'note') else ''), )), (environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action_kinds'), environment.getattr(l_1_action, 'kind')) if environment.getattr(l_1_action, 'kind') else ''), (t_3(environment.getattr(l_1_action, 'owner')) if environment.getattr(l_1_action, 'owner') else environment.joined(str_join, ('*', (environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'unassigned') if environment.getattr(l_1_action, 'unassigned') else environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'no_owner')), '*', ))), (environment.call(context, environment.getattr((undefined(name='fmt') if l_1_fmt is missing else l_1_fmt), 'due'), environment.getattr(l_1_action, 'due'), _loop_vars=_loop_vars) if environment.getattr(l_1_action, 'due') else ''), environment.joined(str_join, (environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action_statuses'), environment.getattr(l_1_action, 'status')), (environment.joined(str_join, (' ', environment.call(context, environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'as_of'), 'format'), date=environment.call(context, environment.getattr((undefined(name='fmt') if l_1_fmt is missing else l_1_fmt), 'date'), environment.getattr(l_1_action, 'as_of'), 'medium', _loop_vars=_loop_vars), _loop_vars=_loop_vars), )) if environment.getattr(l_1_action, 'as_of') else ''), (environment.joined(str_join, (' — **', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'overdue'), '**', )) if l_1_overdue else ''), )), (environment.joined(str_join, ('[', t_3(t_11(environment.getattr(l_1_action, 'link'))), '](', t_3(t_10(environment.getattr(l_1_action, 'link'))), ')', )) if environment.getattr(l_1_action, 'link') else '')]))
            yield '\n'
        l_1_action = l_1_overdue = l_1_c = l_1_fmt = missing

def block_lessons(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_incident = resolve('incident')
    l_0_t = resolve('t')
    try:
        t_7 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_8 = environment.filters['md_indent']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'md_indent' found.")
    pass
    if (not environment.getattr(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), 'empty')):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'lessons'))
        yield '\n'
        for l_1_kind in ['went_well', 'went_wrong', 'lucky']:
            _loop_vars = {}
            pass
            if environment.getitem(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), l_1_kind):
                pass
                yield '\n### '
                yield str(environment.getitem((undefined(name='t') if l_0_t is missing else l_0_t), l_1_kind))
                yield '\n\n'
                for l_2_lesson in environment.getitem(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), l_1_kind):
                    _loop_vars = {}
                    pass
                    yield '- '
                    yield str(t_8(t_7(l_2_lesson)))
                    yield '\n'
                l_2_lesson = missing
        l_1_kind = missing
        if environment.getattr(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), 'to_keep'):
            pass
            yield '\n### '
            yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'to_keep'))
            yield '\n\n'
            for l_1_lesson in environment.getattr(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), 'to_keep'):
                _loop_vars = {}
                pass
                yield '- '
                yield str(t_8(t_7(environment.getattr(l_1_lesson, 'text'))))
                yield str((environment.joined(str_join, (' *(', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'), ')*', )) if environment.getattr(l_1_lesson, 'internal') else ''))
                yield '\n'
            l_1_lesson = missing

def block_links(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_related = resolve('related')
    l_0_t = resolve('t')
    l_0_procedures = resolve('procedures')
    l_0_risks = resolve('risks')
    l_0_incident = resolve('incident')
    try:
        t_10 = environment.filters['href']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'href' found.")
    try:
        t_3 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    try:
        t_9 = environment.filters['md_row']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'md_row' found.")
    pass
    if (undefined(name='related') if l_0_related is missing else l_0_related):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'related'))
        yield '\n\n'
        for l_1_link in (undefined(name='related') if l_0_related is missing else l_0_related):
            _loop_vars = {}
            pass
            yield '- ['
            yield str(environment.getattr(l_1_link, 'id'))
            yield ' — '
            yield str(t_3(environment.getattr(l_1_link, 'title')))
            yield ']('
            yield str(environment.getattr(l_1_link, 'href'))
            yield ')\n'
        l_1_link = missing
    if (undefined(name='procedures') if l_0_procedures is missing else l_0_procedures):
        pass
        yield '\n## '
        yield str(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'site'), 'procedures'))
        yield '\n\n'
        for l_1_document in (undefined(name='procedures') if l_0_procedures is missing else l_0_procedures):
            _loop_vars = {}
            pass
            yield '- ['
            yield str(t_3(environment.getattr(l_1_document, 'title')))
            yield '](procedure-'
            yield str(environment.getattr(l_1_document, 'slug'))
            yield '.html)\n'
        l_1_document = missing
    if (undefined(name='risks') if l_0_risks is missing else l_0_risks):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'risks'))
        yield '\n\n'
        yield str(t_9([environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'risk'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probability'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'impact'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mitigation')]))
        yield '\n'
        yield str(t_9(environment.call_binop(context, '*', ['---'], 5)))
        yield '\n'
        for l_1_risk in (undefined(name='risks') if l_0_risks is missing else l_0_risks):
            l_1_site = resolve('site')
            _loop_vars = {}
            pass
            yield str(t_9([(environment.joined(str_join, ('[', t_3(environment.getattr(l_1_risk, 'title')), '](risks.html#risk-', environment.getattr(l_1_risk, 'id'), ')', )) if (undefined(name='site') if l_1_site is missing else l_1_site) else t_3(environment.getattr(l_1_risk, 'title'))), environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probabilities'), environment.getattr(l_1_risk, 'probability')), environment.getattr(l_1_risk, 'impact'), environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'gravities'), environment.getattr(l_1_risk, 'severity')), (t_3(environment.getattr(l_1_risk, 'mitigation')) if environment.getattr(l_1_risk, 'mitigation') else '')]))
            yield '\n'
        l_1_risk = l_1_site = missing
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'responders'):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'responders'))
        yield '\n\n'
        for l_1_person in environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'responders'):
            _loop_vars = {}
            pass
            yield '- '
            yield str(t_3(environment.getattr(l_1_person, 'name')))
            yield str((environment.joined(str_join, (' — ', t_3(environment.getattr(l_1_person, 'role')), )) if environment.getattr(l_1_person, 'role') else ''))
            yield str((environment.joined(str_join, (' *(', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'), ')*', )) if environment.getattr(l_1_person, 'internal') else ''))
            yield '\n'
        l_1_person = missing
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'references'):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'references'))
        yield '\n\n'
        for l_1_ref in environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'references'):
            _loop_vars = {}
            pass
            yield '- '
            if environment.getattr(l_1_ref, 'url'):
                pass
                yield '['
                yield str(t_3((environment.getattr(l_1_ref, 'title') or environment.getattr(l_1_ref, 'url'))))
                yield ']('
                yield str(t_3(t_10(environment.getattr(l_1_ref, 'url'))))
                yield ')'
            else:
                pass
                yield str(t_3(environment.getattr(l_1_ref, 'title')))
            yield ' ('
            yield str(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'reference_kinds'), environment.getattr(l_1_ref, 'kind')))
            yield ')'
            yield str((environment.joined(str_join, (' *(', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'), ')*', )) if environment.getattr(l_1_ref, 'internal') else ''))
            yield '\n'
        l_1_ref = missing

def block_notes(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_incident = resolve('incident')
    l_0_t = resolve('t')
    try:
        t_7 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    pass
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'notes'):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'notes'))
        yield '\n\n'
        yield str(t_7(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'notes')))
        yield '\n'

blocks = {'header': block_header, 'facts': block_facts, 'sections': block_sections, 'actions': block_actions, 'lessons': block_lessons, 'links': block_links, 'notes': block_notes}
debug_info = '2=13&3=16&14=17&24=18&73=19&92=20&116=21&160=22&3=24&4=74&12=78&14=81&15=97&17=100&19=102&20=107&24=115&25=156&26=160&27=162&29=165&31=167&34=170&36=173&38=175&40=177&41=179&42=181&43=184&46=187&48=190&50=192&52=194&54=197&56=199&58=201&60=204&62=206&63=210&66=213&68=216&70=218&73=221&74=255&76=258&78=260&79=262&80=264&88=269&92=273&93=295&95=298&96=300&97=303&99=306&101=308&102=312&106=316&108=319&110=321&111=325&116=330&117=361&119=364&121=366&122=370&125=377&127=380&129=382&130=386&133=391&135=394&137=396&138=398&139=400&140=404&143=407&145=410&147=412&148=416&151=421&153=424&155=426&156=430&160=447&161=463&163=466&165=468'