from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_language = resolve('language')
    l_0_incident = resolve('incident')
    l_0_site = resolve('site')
    l_0_format = resolve('format')
    try:
        t_1 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='language') if l_0_language is missing else l_0_language))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n'
    yield from context.blocks['meta'][0](context)
    yield '<title>'
    yield escape(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'id'))
    yield ' — '
    yield escape(t_1(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'title')))
    yield '</title>\n'
    if (undefined(name='site') if l_0_site is missing else l_0_site):
        pass
        yield '<meta http-equiv="Content-Security-Policy" content="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'csp'))
        yield '">\n<link rel="icon" href="data:,">\n<link rel="stylesheet" href="assets/pm.css">\n'
    else:
        pass
        yield '<style>\n'
        template = environment.get_template('report.css.j2', 'report.html.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        if ((undefined(name='format') if l_0_format is missing else l_0_format) == 'pdf'):
            pass
            template = environment.get_template('report-print.css.j2', 'report.html.j2')
            gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
            try:
                for event in gen:
                    yield event
            finally: gen.close()
        yield '</style>\n'
    yield from context.blocks['head'][0](context)
    yield '</head>\n<body class="format-'
    yield escape((undefined(name='format') if l_0_format is missing else l_0_format))
    yield '">\n'
    yield from context.blocks['body'][0](context)
    yield '</body>\n</html>\n'

def block_meta(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_incident = resolve('incident')
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_1 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    try:
        t_3 = environment.filters['truncate']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'truncate' found.")
    pass
    yield '<meta name="description" content="'
    yield escape((t_3(environment, t_1(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'summary')), 200) if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'summary') else t_1(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'title'))))
    yield '">\n'
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'authors'):
        pass
        yield '<meta name="author" content="'
        yield escape(t_2(context.eval_ctx, environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'authors'), ', '))
        yield '">'

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_body(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    pass
    if (undefined(name='site') if l_0_site is missing else l_0_site):
        pass
        template = environment.get_template('site/nav.html.j2', 'report.html.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
    yield '<main id="main">\n<article class="report" data-pagefind-body>\n<!-- report:start -->\n'
    yield from context.blocks['header'][0](context)
    yield from context.blocks['facts'][0](context)
    yield from context.blocks['sections'][0](context)
    yield from context.blocks['actions'][0](context)
    yield from context.blocks['lessons'][0](context)
    yield from context.blocks['links'][0](context)
    yield from context.blocks['notes'][0](context)
    yield '<!-- report:end -->\n</article>\n</main>\n'

def block_header(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_t = resolve('t')
    l_0_incident = resolve('incident')
    l_0_severity = resolve('severity')
    l_0_severity_rank = resolve('severity_rank')
    l_0_fmt = resolve('fmt')
    try:
        t_4 = environment.filters['inline_markdown']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'inline_markdown' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_5 = environment.tests['sameas']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No test named 'sameas' found.")
    pass
    yield '<header class="report-header">\n<p class="report-kind">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'report'))
    yield '</p>\n<h1><span class="incident-id">'
    yield escape(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'id'))
    yield ' —</span> '
    yield escape(t_4(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'title')))
    yield '</h1>\n<ul class="badges">\n'
    if (undefined(name='severity') if l_0_severity is missing else l_0_severity):
        pass
        yield '<li class="badge severity severity-'
        yield escape((undefined(name='severity_rank') if l_0_severity_rank is missing else l_0_severity_rank))
        yield '"><span class="visually-hidden">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'))
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon'))
        yield ' </span>'
        yield escape(environment.getattr((undefined(name='severity') if l_0_severity is missing else l_0_severity), 'id'))
        yield ' · '
        yield escape(environment.getattr((undefined(name='severity') if l_0_severity is missing else l_0_severity), 'name'))
        yield '</li>'
    yield '<li class="badge status status-'
    yield escape(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'status'))
    yield '"><span class="visually-hidden">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'status'))
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon'))
    yield ' </span>'
    yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'statuses'), environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'status')))
    yield '</li>\n'
    if t_5(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'internal'), True):
        pass
        yield '<li class="badge internal-flag">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'))
        yield ' — '
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal_notice'))
        yield '</li>'
    yield '</ul>\n<ul class="meta">\n<li><span class="label">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'date'))
    yield '</span> <time datetime="'
    yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'date'), 'isoformat'), _block_vars=_block_vars))
    yield '">'
    yield escape(environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'date'), _block_vars=_block_vars))
    yield '</time></li>\n'
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'authors'):
        pass
        yield '<li><span class="label">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'authors'))
        yield '</span> '
        yield escape(t_2(context.eval_ctx, environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'authors'), ', '))
        yield '</li>'
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'components'):
        pass
        yield '<li><span class="label">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'components'))
        yield '</span> '
        yield escape(t_2(context.eval_ctx, environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'components'), ', '))
        yield '</li>'
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'tags'):
        pass
        yield '<li><span class="label">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'tags'))
        yield '</span> '
        yield escape(t_2(context.eval_ctx, environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'tags'), ', '))
        yield '</li>'
    yield '</ul>\n</header>\n'

def block_facts(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_facts = resolve('facts')
    l_0_t = resolve('t')
    pass
    if (undefined(name='facts') if l_0_facts is missing else l_0_facts):
        pass
        yield '<section class="key-facts" aria-labelledby="key-facts">\n<h2 id="key-facts">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'key_facts'))
        yield '</h2>\n<ul class="facts">\n'
        for l_1_fact in (undefined(name='facts') if l_0_facts is missing else l_0_facts):
            _loop_vars = {}
            pass
            yield '<li class="fact'
            if environment.getattr(l_1_fact, 'tone'):
                pass
                yield ' '
                yield escape(environment.getattr(l_1_fact, 'tone'))
            yield '"><span class="label">'
            yield escape(environment.getattr(l_1_fact, 'label'))
            yield '</span> <strong class="value">'
            yield escape(environment.getattr(l_1_fact, 'value'))
            yield '</strong></li>\n'
        l_1_fact = missing
        yield '</ul>\n</section>\n'

def block_sections(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_rows = resolve('rows')
    l_0_t = resolve('t')
    l_0_chart = resolve('chart')
    l_0_incident = resolve('incident')
    try:
        t_4 = environment.filters['inline_markdown']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'inline_markdown' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_6 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    pass
    for l_1_name in ['summary', 'impact', 'detection']:
        l_1_text = missing
        _loop_vars = {}
        pass
        l_1_text = (environment.getattr(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'impact'), 'description') if ((l_1_name == 'impact') and environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'impact')) else (environment.getitem((undefined(name='incident') if l_0_incident is missing else l_0_incident), l_1_name) if (l_1_name != 'impact') else None))
        _loop_vars['text'] = l_1_text
        if (undefined(name='text') if l_1_text is missing else l_1_text):
            pass
            yield '<section aria-labelledby="'
            yield escape(l_1_name)
            yield '">\n<h2 id="'
            yield escape(l_1_name)
            yield '">'
            yield escape(environment.getitem((undefined(name='t') if l_0_t is missing else l_0_t), l_1_name))
            yield '</h2>\n'
            yield escape(t_6((undefined(name='text') if l_1_text is missing else l_1_text)))
            yield '\n</section>\n'
    l_1_name = l_1_text = missing
    if (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        pass
        yield '<section aria-labelledby="timeline">\n<h2 id="timeline">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'timeline'))
        yield '</h2>\n'
        if (undefined(name='chart') if l_0_chart is missing else l_0_chart):
            pass
            yield '<figure class="chart">'
            yield escape((undefined(name='chart') if l_0_chart is missing else l_0_chart))
            yield '</figure>'
        yield '<div class="table-scroll" tabindex="0">\n<table class="timeline">\n<caption>'
        yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'times_in'), 'format'), zone=environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'timezone'), _block_vars=_block_vars))
        yield '</caption>\n<thead data-pagefind-ignore><tr><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'date'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'time'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'event'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'milestone'))
        yield '</th></tr></thead>\n<tbody>\n'
        for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
            _loop_vars = {}
            pass
            yield '<tr'
            if environment.getattr(l_1_row, 'milestones'):
                pass
                yield ' class="milestone-row"'
            yield '><td class="day">'
            yield escape(environment.getattr(l_1_row, 'day'))
            yield '</td><td class="clock'
            if environment.getattr(l_1_row, 'approximate'):
                pass
                yield ' approximate'
            yield '">'
            if environment.getattr(l_1_row, 'approximate'):
                pass
                yield '<abbr title="'
                yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'approximate'))
                yield '">'
                yield escape(environment.getattr(l_1_row, 'clock'))
                yield '</abbr>'
            else:
                pass
                yield escape(environment.getattr(l_1_row, 'clock'))
            yield '</td><td>'
            yield escape(t_4(environment.getattr(l_1_row, 'text')))
            if environment.getattr(l_1_row, 'internal'):
                pass
                yield ' <span class="internal-flag">'
                yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'))
                yield '</span>'
            yield '</td><td class="milestones">'
            yield escape(t_2(context.eval_ctx, environment.getattr(l_1_row, 'milestones'), ', '))
            yield '</td></tr>\n'
        l_1_row = missing
        yield '</tbody>\n</table>\n</div>\n</section>\n'
    if ((environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'root_cause') or environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'trigger')) or environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'contributing_factors')):
        pass
        yield '<section aria-labelledby="root-cause">\n<h2 id="root-cause">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'root_cause'))
        yield '</h2>\n'
        yield escape(t_6(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'root_cause')))
        yield '\n'
        if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'trigger'):
            pass
            yield '<h3>'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'trigger'))
            yield '</h3>\n'
            yield escape(t_6(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'trigger')))
            yield '\n'
        if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'contributing_factors'):
            pass
            yield '<h3>'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'contributing_factors'))
            yield '</h3>\n<ul>\n'
            for l_1_factor in environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'contributing_factors'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(t_4(l_1_factor))
                yield '</li>\n'
            l_1_factor = missing
            yield '</ul>\n'
        yield '</section>\n'
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'resolution'):
        pass
        yield '<section aria-labelledby="resolution">\n<h2 id="resolution">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'resolution'))
        yield '</h2>\n'
        yield escape(t_6(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'resolution')))
        yield '\n</section>\n'

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
        t_7 = environment.filters['href']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'href' found.")
    try:
        t_4 = environment.filters['inline_markdown']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'inline_markdown' found.")
    try:
        t_1 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    if (undefined(name='actions') if l_0_actions is missing else l_0_actions):
        pass
        yield '<section aria-labelledby="actions">\n<h2 id="actions">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'actions'))
        yield '</h2>\n<div class="table-scroll" tabindex="0">\n<table class="actions cards">\n<thead data-pagefind-ignore><tr><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'kind'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'owner'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'due'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'status'))
        yield '</th></tr></thead>\n<tbody>\n'
        for (l_1_action, l_1_overdue) in (undefined(name='actions') if l_0_actions is missing else l_0_actions):
            l_1_fmt = resolve('fmt')
            _loop_vars = {}
            pass
            yield '<tr class="action-'
            yield escape(environment.getattr(l_1_action, 'status'))
            if l_1_overdue:
                pass
                yield ' overdue'
            yield '">\n<td class="card-title">'
            if environment.getattr(l_1_action, 'link'):
                pass
                yield '<a href="'
                yield escape(t_7(environment.getattr(l_1_action, 'link')))
                yield '" rel="nofollow noopener noreferrer">'
                yield escape(t_1(environment.getattr(l_1_action, 'what')))
                yield '</a>'
            else:
                pass
                yield escape(t_4(environment.getattr(l_1_action, 'what')))
            if environment.getattr(l_1_action, 'internal'):
                pass
                yield ' <span class="internal-flag">'
                yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'))
                yield '</span>'
            if environment.getattr(l_1_action, 'note'):
                pass
                yield '<div class="note">'
                yield escape(t_4(environment.getattr(l_1_action, 'note')))
                yield '</div>'
            yield '</td>\n<td data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'kind'))
            yield '">'
            yield escape((environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action_kinds'), environment.getattr(l_1_action, 'kind')) if environment.getattr(l_1_action, 'kind') else ''))
            yield '</td>\n<td data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'owner'))
            yield '">'
            if environment.getattr(l_1_action, 'owner'):
                pass
                yield escape(environment.getattr(l_1_action, 'owner'))
            else:
                pass
                yield '<em class="'
                yield escape(('unassigned' if environment.getattr(l_1_action, 'unassigned') else 'no-owner'))
                yield '">'
                yield escape((environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'unassigned') if environment.getattr(l_1_action, 'unassigned') else environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'no_owner')))
                yield '</em>'
            yield '</td>\n<td data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'due'))
            yield '">'
            if environment.getattr(l_1_action, 'due'):
                pass
                yield '<time datetime="'
                yield escape((environment.getattr(environment.getattr(l_1_action, 'due'), 'last') if (environment.getattr(environment.getattr(l_1_action, 'due'), 'period') == 'quarter') else environment.getattr(environment.getattr(l_1_action, 'due'), 'text')))
                yield '">'
                yield escape(environment.call(context, environment.getattr((undefined(name='fmt') if l_1_fmt is missing else l_1_fmt), 'due'), environment.getattr(l_1_action, 'due'), _loop_vars=_loop_vars))
                yield '</time>'
            yield '</td>\n<td data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'status'))
            yield '"><span class="action-status">'
            yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action_statuses'), environment.getattr(l_1_action, 'status')))
            yield '</span>'
            if environment.getattr(l_1_action, 'as_of'):
                pass
                yield ' <span class="as-of">'
                yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'as_of'), 'format'), date=environment.call(context, environment.getattr((undefined(name='fmt') if l_1_fmt is missing else l_1_fmt), 'date'), environment.getattr(l_1_action, 'as_of'), 'medium', _loop_vars=_loop_vars), _loop_vars=_loop_vars))
                yield '</span>'
            if l_1_overdue:
                pass
                yield ' <strong class="flag-overdue">'
                yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'overdue'))
                yield '</strong>'
            yield '</td>\n</tr>\n'
        l_1_action = l_1_overdue = l_1_fmt = missing
        yield '</tbody>\n</table>\n</div>\n</section>\n'

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
        t_4 = environment.filters['inline_markdown']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'inline_markdown' found.")
    pass
    if (not environment.getattr(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), 'empty')):
        pass
        yield '<section aria-labelledby="lessons">\n<h2 id="lessons">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'lessons'))
        yield '</h2>\n<div class="lessons">\n'
        for l_1_kind in ['went_well', 'went_wrong', 'lucky']:
            _loop_vars = {}
            pass
            if environment.getitem(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), l_1_kind):
                pass
                yield '<div class="lesson-group '
                yield escape(l_1_kind)
                yield '">\n<h3>'
                yield escape(environment.getitem((undefined(name='t') if l_0_t is missing else l_0_t), l_1_kind))
                yield '</h3>\n<ul>\n'
                for l_2_lesson in environment.getitem(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), l_1_kind):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(t_4(l_2_lesson))
                    yield '</li>\n'
                l_2_lesson = missing
                yield '</ul>\n</div>\n'
        l_1_kind = missing
        if environment.getattr(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), 'to_keep'):
            pass
            yield '<div class="lesson-group to_keep">\n<h3>'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'to_keep'))
            yield '</h3>\n<ul>\n'
            for l_1_lesson in environment.getattr(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'lessons'), 'to_keep'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(t_4(environment.getattr(l_1_lesson, 'text')))
                if environment.getattr(l_1_lesson, 'internal'):
                    pass
                    yield ' <span class="internal-flag">'
                    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'))
                    yield '</span>'
                yield '</li>\n'
            l_1_lesson = missing
            yield '</ul>\n</div>\n'
        yield '</div>\n</section>\n'

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
        t_7 = environment.filters['href']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'href' found.")
    try:
        t_4 = environment.filters['inline_markdown']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'inline_markdown' found.")
    try:
        t_1 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    if (undefined(name='related') if l_0_related is missing else l_0_related):
        pass
        yield '<section aria-labelledby="related" data-pagefind-ignore>\n<h2 id="related">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'related'))
        yield '</h2>\n<ul>\n'
        for l_1_link in (undefined(name='related') if l_0_related is missing else l_0_related):
            _loop_vars = {}
            pass
            yield '<li><a href="'
            yield escape(environment.getattr(l_1_link, 'href'))
            yield '">'
            yield escape(environment.getattr(l_1_link, 'id'))
            yield ' — '
            yield escape(t_1(environment.getattr(l_1_link, 'title')))
            yield '</a></li>\n'
        l_1_link = missing
        yield '</ul>\n</section>\n'
    if (undefined(name='procedures') if l_0_procedures is missing else l_0_procedures):
        pass
        yield '<section aria-labelledby="procedures" data-pagefind-ignore>\n<h2 id="procedures">'
        yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'site'), 'procedures'))
        yield '</h2>\n<ul>\n'
        for l_1_document in (undefined(name='procedures') if l_0_procedures is missing else l_0_procedures):
            _loop_vars = {}
            pass
            yield '<li><a href="procedure-'
            yield escape(environment.getattr(l_1_document, 'slug'))
            yield '.html">'
            yield escape(environment.getattr(l_1_document, 'title'))
            yield '</a></li>\n'
        l_1_document = missing
        yield '</ul>\n</section>\n'
    if (undefined(name='risks') if l_0_risks is missing else l_0_risks):
        pass
        yield '<section aria-labelledby="risks" data-pagefind-ignore>\n<h2 id="risks">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'risks'))
        yield '</h2>\n<div class="table-scroll" tabindex="0">\n<table class="cards figures">\n<thead><tr><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'risk'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probability'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'impact'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mitigation'))
        yield '</th></tr></thead>\n<tbody>\n'
        for l_1_risk in (undefined(name='risks') if l_0_risks is missing else l_0_risks):
            l_1_site = resolve('site')
            _loop_vars = {}
            pass
            yield '<tr id="risk-'
            yield escape(environment.getattr(l_1_risk, 'id'))
            yield '"><td class="card-title">'
            if (undefined(name='site') if l_1_site is missing else l_1_site):
                pass
                yield '<a href="risks.html#risk-'
                yield escape(environment.getattr(l_1_risk, 'id'))
                yield '">'
                yield escape(t_1(environment.getattr(l_1_risk, 'title')))
                yield '</a>'
            else:
                pass
                yield escape(t_4(environment.getattr(l_1_risk, 'title')))
            yield '</td><td data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probability'))
            yield '">'
            yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probabilities'), environment.getattr(l_1_risk, 'probability')))
            yield '</td><td data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'impact'))
            yield '">'
            yield escape(environment.getattr(l_1_risk, 'impact'))
            yield '</td><td data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'))
            yield '">'
            yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'gravities'), environment.getattr(l_1_risk, 'severity')))
            yield '</td><td class="card-wide" data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mitigation'))
            yield '">'
            yield escape(t_4(environment.getattr(l_1_risk, 'mitigation')))
            yield '</td></tr>\n'
        l_1_risk = l_1_site = missing
        yield '</tbody>\n</table>\n</div>\n</section>\n'
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'responders'):
        pass
        yield '<section aria-labelledby="responders">\n<h2 id="responders">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'responders'))
        yield '</h2>\n<ul>\n'
        for l_1_person in environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'responders'):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(environment.getattr(l_1_person, 'name'))
            if environment.getattr(l_1_person, 'role'):
                pass
                yield ' — '
                yield escape(environment.getattr(l_1_person, 'role'))
            if environment.getattr(l_1_person, 'internal'):
                pass
                yield ' <span class="internal-flag">'
                yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'))
                yield '</span>'
            yield '</li>\n'
        l_1_person = missing
        yield '</ul>\n</section>\n'
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'references'):
        pass
        yield '<section aria-labelledby="references">\n<h2 id="references">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'references'))
        yield '</h2>\n<ul class="references">\n'
        for l_1_ref in environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'references'):
            _loop_vars = {}
            pass
            yield '<li>'
            if environment.getattr(l_1_ref, 'url'):
                pass
                yield '<a href="'
                yield escape(t_7(environment.getattr(l_1_ref, 'url')))
                yield '" rel="nofollow noopener noreferrer">'
                yield escape((environment.getattr(l_1_ref, 'title') or environment.getattr(l_1_ref, 'url')))
                yield '</a>'
            else:
                pass
                yield escape(environment.getattr(l_1_ref, 'title'))
            yield ' <span class="ref-kind">('
            yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'reference_kinds'), environment.getattr(l_1_ref, 'kind')))
            yield ')</span>'
            if environment.getattr(l_1_ref, 'internal'):
                pass
                yield ' <span class="internal-flag">'
                yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'internal'))
                yield '</span>'
            yield '</li>\n'
        l_1_ref = missing
        yield '</ul>\n</section>\n'

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
        t_6 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    pass
    if environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'notes'):
        pass
        yield '<section aria-labelledby="notes">\n<h2 id="notes">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'notes'))
        yield '</h2>\n'
        yield escape(t_6(environment.getattr((undefined(name='incident') if l_0_incident is missing else l_0_incident), 'notes')))
        yield '\n</section>\n'

blocks = {'meta': block_meta, 'head': block_head, 'body': block_body, 'header': block_header, 'facts': block_facts, 'sections': block_sections, 'actions': block_actions, 'lessons': block_lessons, 'links': block_links, 'notes': block_notes}
debug_info = '3=22&8=24&12=26&13=30&14=33&19=38&20=44&23=53&25=55&26=57&8=60&9=88&10=90&23=96&26=105&27=114&31=123&48=124&60=125&111=126&134=127&163=128&218=129&31=132&33=164&34=166&36=170&37=183&38=190&41=198&42=204&43=211&44=218&48=227&49=237&51=240&53=242&54=246&60=258&61=288&62=292&63=294&64=297&65=299&66=303&70=306&72=309&73=311&76=317&77=319&79=327&80=331&87=363&89=366&90=368&91=370&92=373&93=375&95=377&96=380&98=382&104=391&106=394&107=396&111=399&112=427&114=430&117=432&119=442&120=447&121=452&122=473&123=477&124=490&125=500&134=518&135=534&137=537&139=539&140=542&141=545&142=547&144=549&150=558&152=561&154=563&163=578&166=609&168=612&170=614&175=626&177=629&179=631&184=641&186=644&189=646&191=656&192=661&199=692&201=695&203=697&208=714&210=717&212=719&218=745&219=761&221=764&222=766'