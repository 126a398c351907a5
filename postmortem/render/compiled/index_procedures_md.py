from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index/procedures.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_formats = resolve('formats')
    l_0_t = resolve('t')
    l_0_procedures = resolve('procedures')
    l_0_s = resolve('s')
    l_0_html = l_0_c = missing
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
        t_3 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_4 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    pass
    l_0_html = ('html' in (undefined(name='formats') if l_0_formats is missing else l_0_formats))
    context.vars['html'] = l_0_html
    context.exported_vars.add('html')
    l_0_c = environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    if (undefined(name='procedures') if l_0_procedures is missing else l_0_procedures):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'resolution_procedures'))
        yield '\n'
        for l_1_document in (undefined(name='procedures') if l_0_procedures is missing else l_0_procedures):
            _loop_vars = {}
            pass
            yield '\n### '
            if (undefined(name='html') if l_0_html is missing else l_0_html):
                pass
                yield '['
                yield str(t_4(environment.getattr(l_1_document, 'title')))
                yield '](procedure-'
                yield str(environment.getattr(l_1_document, 'slug'))
                yield '.html)'
            else:
                pass
                yield str(t_4(environment.getattr(l_1_document, 'title')))
            yield '\n\n'
            if (environment.getattr(l_1_document, 'severities') or environment.getattr(l_1_document, 'tags')):
                pass
                yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'applies_to'))
                yield str((undefined(name='c') if l_0_c is missing else l_0_c))
                yield ' '
                yield str(t_1(context.eval_ctx, t_2(context, environment.call_binop(context, '+', environment.getattr(l_1_document, 'severities'), environment.getattr(l_1_document, 'tags')), 'md_cell'), ', '))
                yield '\n\n'
            yield str(t_3(environment.getattr(l_1_document, 'content'), 3))
            yield '\n'
        l_1_document = missing

blocks = {}
debug_info = '2=40&3=43&4=46&6=49&7=51&9=55&11=66&12=68&15=73'