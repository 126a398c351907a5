from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index/classification.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_s = resolve('s')
    l_0_config = resolve('config')
    l_0_risks = resolve('risks')
    l_0_t = resolve('t')
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
        t_4 = environment.filters['md_row']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'md_row' found.")
    pass
    yield '\n## '
    yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'classification'))
    yield '\n\n### '
    yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'severity_levels'))
    yield '\n\n'
    yield str(t_4([environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'level'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'name'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'description'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'target_response')]))
    yield '\n'
    yield str(t_4(environment.call_binop(context, '*', ['---'], 4)))
    yield '\n'
    for l_1_level in environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'severities'):
        _loop_vars = {}
        pass
        yield str(t_4([environment.getattr(l_1_level, 'id'), environment.joined(str_join, ('**', t_3(environment.getattr(l_1_level, 'name')), '**', )), t_3(environment.getattr(l_1_level, 'description')), (environment.joined(str_join, ('< ', t_3(environment.getattr(l_1_level, 'response')), )) if environment.getattr(l_1_level, 'response') else environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'planned'))]))
        yield '\n'
    l_1_level = missing
    if (undefined(name='risks') if l_0_risks is missing else l_0_risks):
        pass
        yield '\n### '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'risk_matrix'))
        yield '\n\n'
        yield str(t_4([environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'risk'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probability'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'impact'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mitigation'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'materialised_by')]))
        yield '\n'
        yield str(t_4(environment.call_binop(context, '*', ['---'], 6)))
        yield '\n'
        for l_1_risk in (undefined(name='risks') if l_0_risks is missing else l_0_risks):
            l_1_materialised = resolve('materialised')
            _loop_vars = {}
            pass
            yield str(t_4([t_3(environment.getattr(l_1_risk, 'title')), environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probabilities'), environment.getattr(l_1_risk, 'probability')), environment.getattr(l_1_risk, 'impact'), environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'gravities'), environment.getattr(l_1_risk, 'severity')), (t_3(environment.getattr(l_1_risk, 'mitigation')) if environment.getattr(l_1_risk, 'mitigation') else ''), t_1(context.eval_ctx, t_2(context, t_2(context, environment.getitem((undefined(name='materialised') if l_1_materialised is missing else l_1_materialised), environment.getattr(l_1_risk, 'id')), attribute='id'), 'md_link'), ', ')]))
            yield '\n'
        l_1_risk = l_1_materialised = missing

blocks = {}
debug_info = '3=40&5=42&7=44&8=46&9=48&10=51&12=54&14=57&16=59&17=61&18=63&19=67'