from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/layout.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_page = resolve('page')
    l_0_site = resolve('site')
    l_0_language = resolve('language')
    l_0_s = resolve('s')
    l_0_fmt = resolve('fmt')
    l_0_today = resolve('today')
    l_0_root = missing
    pass
    l_0_root = (environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'base') if ((undefined(name='page') if l_0_page is missing else l_0_page) == '404') else '')
    context.vars['root'] = l_0_root
    context.exported_vars.add('root')
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='language') if l_0_language is missing else l_0_language))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'csp'))
    yield '">\n<title>'
    yield from context.blocks['title'][0](context)
    yield ' — '
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</title>\n<link rel="icon" href="data:,">\n<link rel="stylesheet" href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'assets/pm.css">\n<link rel="alternate" type="application/atom+xml" href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'feed.xml" title="'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'feed'))
    yield '">\n<script src="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'assets/site.js" defer></script>\n'
    yield from context.blocks['head'][0](context)
    yield '</head>\n<body class="site-page page-'
    yield escape((undefined(name='page') if l_0_page is missing else l_0_page))
    yield '">\n'
    template = environment.get_template('site/nav.html.j2', 'site/layout.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'root': l_0_root}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '<main id="main">\n'
    yield from context.blocks['main'][0](context)
    yield '</main>\n<footer class="site-footer">\n<p>'
    yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'generated'), 'format'), date=environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), (undefined(name='today') if l_0_today is missing else l_0_today))))
    yield ' <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'feed.xml">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'feed'))
    yield '</a>'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'pdf'):
        pass
        yield ' · <a href="'
        yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
        yield 'postmortems.pdf">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'combined'))
        yield '</a>'
    yield '</p>\n</footer>\n</body>\n</html>\n'

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'title': block_title, 'head': block_head, 'main': block_main}
debug_info = '2=18&4=22&9=24&10=26&12=30&13=32&14=36&15=38&17=40&18=42&20=49&23=51&10=66&15=75&20=84'