from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index/metrics.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_s = resolve('s')
    l_0_t = resolve('t')
    l_0_metrics = resolve('metrics')
    l_0_measure = missing
    try:
        t_1 = environment.filters['int']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'int' found.")
    try:
        t_2 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    try:
        t_3 = environment.filters['md_row']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_row' found.")
    try:
        t_4 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    try:
        t_5 = environment.filters['string']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'string' found.")
    pass
    def macro(l_1_m):
        t_6 = []
        l_1_fmt = resolve('fmt')
        if l_1_m is missing:
            l_1_m = undefined("parameter 'm' was not provided", name='m')
        pass
        t_6.append(
            str((environment.joined(str_join, (environment.call(context, environment.getattr((undefined(name='fmt') if l_1_fmt is missing else l_1_fmt), 'duration'), t_1(t_4(environment.getattr(l_1_m, 'median'))), environment.getattr(l_1_m, 'median_approximate')), ' / ', environment.call(context, environment.getattr((undefined(name='fmt') if l_1_fmt is missing else l_1_fmt), 'duration'), environment.getattr(l_1_m, 'p90'), environment.getattr(l_1_m, 'p90_approximate')), )) if environment.getattr(l_1_m, 'count') else '—')),
        )
        return concat(t_6)
    context.exported_vars.add('measure')
    context.vars['measure'] = l_0_measure = Macro(environment, macro, 'measure', ('m',), False, False, False, context.eval_ctx.autoescape)
    yield '\n## '
    yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'metrics'))
    yield '\n\n'
    yield str(t_3([environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'level'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'count'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'time_to_detect'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'time_to_acknowledge'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'time_to_mitigate'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'time_to_resolve'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'met_share')]))
    yield '\n'
    yield str(t_3(environment.call_binop(context, '*', ['---'], 7)))
    yield '\n'
    for l_1_row in environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'by_level'):
        _loop_vars = {}
        pass
        yield str(t_3([environment.joined(str_join, (environment.getattr(environment.getattr(l_1_row, 'level'), 'id'), ' — ', t_2(environment.getattr(environment.getattr(l_1_row, 'level'), 'name')), )), t_5(environment.getattr(l_1_row, 'count')), environment.call(context, (undefined(name='measure') if l_0_measure is missing else l_0_measure), environment.getitem(environment.getattr(l_1_row, 'measures'), 0), _loop_vars=_loop_vars), environment.call(context, (undefined(name='measure') if l_0_measure is missing else l_0_measure), environment.getitem(environment.getattr(l_1_row, 'measures'), 1), _loop_vars=_loop_vars), environment.call(context, (undefined(name='measure') if l_0_measure is missing else l_0_measure), environment.getitem(environment.getattr(l_1_row, 'measures'), 2), _loop_vars=_loop_vars), environment.call(context, (undefined(name='measure') if l_0_measure is missing else l_0_measure), environment.getitem(environment.getattr(l_1_row, 'measures'), 3), _loop_vars=_loop_vars), (environment.joined(str_join, (t_1(t_4(environment.call_binop(context, '*', environment.getattr(l_1_row, 'met_share'), 100))), ' % (', environment.getattr(l_1_row, 'met'), '/', environment.getattr(l_1_row, 'measured'), ')', )) if environment.getattr(l_1_row, 'measured') else '—')]))
        yield '\n'
    l_1_row = missing
    yield '\n'
    yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'median'))
    yield ' / '
    yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'p90'))
    yield '.\n'

blocks = {}
debug_info = '2=45&4=58&6=60&7=62&8=64&9=67&12=71'