from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/page.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('site/layout.html.j2', 'site/page.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_document = resolve('document')
    pass
    yield escape(environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'title'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_document = resolve('document')
    try:
        t_1 = environment.filters['page_markdown']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'page_markdown' found.")
    pass
    yield '<article class="document">\n'
    if (not environment.call(context, environment.getattr(environment.call(context, environment.getattr(environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'body'), 'lstrip'), _block_vars=_block_vars), 'startswith'), '# ', _block_vars=_block_vars)):
        pass
        yield '<h1>'
        yield escape(environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'title'))
        yield '</h1>'
    yield escape(t_1(environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'body')))
    yield '\n</article>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&5=44&6=49'