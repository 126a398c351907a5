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
    l_0_fragments = resolve('fragments')
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
        yield str(environment.call(context, (undefined(name='fragments') if l_0_fragments is missing else l_0_fragments), 'index-row.md.j2', (undefined(name='rows') if l_0_rows is missing else l_0_rows), {'row': ''}, html=(undefined(name='html') if l_0_html is missing else l_0_html)))

blocks = {}
debug_info = '2=23&4=27&5=29&7=33&8=35&9=37'