from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index-row.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_row = resolve('row')
    l_0_html = resolve('html')
    l_0_formats = resolve('formats')
    l_0_fmt = resolve('fmt')
    try:
        t_1 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    try:
        t_2 = environment.filters['md_row']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'md_row' found.")
    pass
    yield str(t_2([environment.joined(str_join, ('[', environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'), '](', environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'), '.md)', )), environment.joined(str_join, (t_1(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'title')), (environment.joined(str_join, (' ([HTML](', environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'), '.html))', )) if (undefined(name='html') if l_0_html is missing else l_0_html) else ''), (environment.joined(str_join, (' ([PDF](', environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'), '.pdf))', )) if ('pdf' in (undefined(name='formats') if l_0_formats is missing else l_0_formats)) else ''), )), (environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'severity') or ''), t_1(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'root_cause')), t_1(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'resolution')), environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'duration'), environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'time_spent'))]))
    yield '\n'

blocks = {}
debug_info = '9=27'