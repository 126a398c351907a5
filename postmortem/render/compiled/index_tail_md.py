from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index/tail.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_pages = resolve('pages')
    try:
        t_1 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_2 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    pass
    def t_3(fiter):
        for l_1_document in fiter:
            if (environment.getattr(l_1_document, 'place') == 'after'):
                yield l_1_document
    for l_1_document in t_3((undefined(name='pages') if l_0_pages is missing else l_0_pages)):
        _loop_vars = {}
        pass
        yield '\n## '
        yield str(t_2(environment.getattr(l_1_document, 'title')))
        yield '\n\n'
        yield str(t_1(environment.getattr(l_1_document, 'content'), 1))
        yield '\n'
    l_1_document = missing

blocks = {}
debug_info = '2=24&4=32&6=34'