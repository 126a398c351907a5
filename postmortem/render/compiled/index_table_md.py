from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index/table.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_formats = resolve('formats')
    l_0_rows = resolve('rows')
    l_0_s = resolve('s')
    l_0_t = resolve('t')
    l_0_html = missing
    try:
        t_1 = environment.filters['md_row']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md_row' found.")
    pass
    l_0_html = ('html' in (undefined(name='formats') if l_0_formats is missing else l_0_formats))
    context.vars['html'] = l_0_html
    context.exported_vars.add('html')
    yield '\n'
    if (not (undefined(name='rows') if l_0_rows is missing else l_0_rows)):
        pass
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_incidents'))
        yield '\n'
    else:
        pass
        yield str(t_1([environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'number'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'incident'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'root_cause'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'resolution'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'time')]))
        yield '\n'
        yield str(t_1(environment.call_binop(context, '*', ['---'], 6)))
        yield '\n'
        for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
            l_1_fragment = resolve('fragment')
            _loop_vars = {}
            pass
            yield str(environment.call(context, (undefined(name='fragment') if l_1_fragment is missing else l_1_fragment), 'index-row.md.j2', row=l_1_row, html=(undefined(name='html') if l_0_html is missing else l_0_html), _loop_vars=_loop_vars))
        l_1_row = l_1_fragment = missing

blocks = {}
debug_info = '2=22&4=26&5=28&7=32&8=34&9=36'