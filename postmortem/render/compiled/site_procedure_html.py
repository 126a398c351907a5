from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/procedure.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('site/layout.html.j2', 'site/procedure.html.j2')
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
    l_0_s = resolve('s')
    l_0_t = resolve('t')
    l_0_applies = resolve('applies')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    try:
        t_3 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    yield '<article class="document">\n<h1>'
    yield escape(environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'title'))
    yield '</h1>\n'
    if (environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'severities') or environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'tags')):
        pass
        yield '<p class="muted">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'applies_to'))
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon'))
        yield ' '
        yield escape(t_1(context.eval_ctx, environment.call_binop(context, '+', environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'severities'), environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'tags')), ', '))
        yield '</p>'
    yield escape(t_2(environment.getattr((undefined(name='document') if l_0_document is missing else l_0_document), 'body')))
    yield '\n'
    if (undefined(name='applies') if l_0_applies is missing else l_0_applies):
        pass
        yield '<h2 id="incidents">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'home'))
        yield '</h2>\n<ul>\n'
        for l_1_incident in (undefined(name='applies') if l_0_applies is missing else l_0_applies):
            _loop_vars = {}
            pass
            yield '<li><a href="'
            yield escape(environment.getattr(l_1_incident, 'id'))
            yield '.html">'
            yield escape(environment.getattr(l_1_incident, 'id'))
            yield ' — '
            yield escape(t_3(environment.getattr(l_1_incident, 'title')))
            yield '</a></li>\n'
        l_1_incident = missing
        yield '</ul>\n'
    yield '</article>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&5=59&6=61&7=69&8=71&9=74&11=76'