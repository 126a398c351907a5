from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/nav.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_page = resolve('page')
    l_0_site = resolve('site')
    l_0_t = resolve('t')
    l_0_root = missing
    pass
    l_0_root = (environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'base') if ((undefined(name='page') if l_0_page is missing else l_0_page) == '404') else '')
    context.vars['root'] = l_0_root
    context.exported_vars.add('root')
    yield '<a class="skip-link" href="#main">'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'site'), 'navigation'))
    yield ' ↓</a>\n<header class="site-header">\n<p class="site-title"><a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'index.html">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</a></p>\n<nav aria-label="'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'site'), 'navigation'))
    yield '">\n<ul>\n'
    for l_1_item in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'nav'):
        _loop_vars = {}
        pass
        yield '<li><a href="'
        yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
        yield escape(environment.getattr(l_1_item, 'href'))
        yield '"'
        if (environment.getattr(l_1_item, 'key') == (undefined(name='page') if l_0_page is missing else l_0_page)):
            pass
            yield ' aria-current="page"'
        yield '>'
        yield escape(environment.getattr(l_1_item, 'label'))
        yield '</a></li>\n'
    l_1_item = missing
    yield '</ul>\n</nav>\n</header>\n'

blocks = {}
debug_info = '2=15&3=19&5=21&6=25&8=27&9=31'