from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'book.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_language = resolve('language')
    l_0_config = resolve('config')
    l_0_s = resolve('s')
    l_0_bodies = resolve('bodies')
    l_0_t = resolve('t')
    l_0_since = resolve('since')
    l_0_fmt = resolve('fmt')
    l_0_until = resolve('until')
    l_0_today = resolve('today')
    l_0_parts = resolve('parts')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_3 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='language') if l_0_language is missing else l_0_language))
    yield '">\n<head>\n<meta charset="utf-8">\n<title>'
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
    yield '</title>\n<meta name="description" content="'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'cover'))
    yield ': '
    yield escape(t_1((undefined(name='bodies') if l_0_bodies is missing else l_0_bodies)))
    yield ' '
    yield escape(t_2(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'count')))
    yield '">\n<style>\n'
    template = environment.get_template('report.css.j2', 'book.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('site/site.css.j2', 'book.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('report-print.css.j2', 'book.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '.cover { break-after: page; padding-top: 30%; }\n.cover h1 { font-size: 2.4rem; string-set: report-title content(text); }\n.toc { break-after: page; }\n.toc ol { list-style: none; padding: 0; }\n.toc li { margin: 0.2rem 0; }\n.toc a { color: inherit; text-decoration: none; }\n.toc a::after { content: leader(".") target-counter(attr(href), page); }\n.part, .incident { break-before: page; }\n/* The metrics\' wide tables and charts get a landscape page of their own. */\n@page wide { size: A4 landscape; }\n#part-metrics { page: wide; }\n#part-metrics svg { width: 60%; height: auto; }  /* a chart and its data table share a page */\n.part[id^="part-procedure-"] { break-before: auto; }  /* the procedures follow one another */\n.book .page-links { display: none; }  /* the pages they link to are parts of the book */\n.incidents td:nth-child(2) { min-width: 8em; }\n.part h1 { font-size: 1.6rem; }\n.site-header, .filters, .pager { display: none; }\n.incidents th:last-child, .incidents td:last-child { display: none; }\n</style>\n</head>\n<body class="format-pdf book">\n<main>\n<section class="cover">\n<p class="report-kind">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'cover'))
    yield '</p>\n<h1>'
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
    yield '</h1>\n<p>'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'period'))
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon'))
    yield ' '
    yield escape((environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), (undefined(name='since') if l_0_since is missing else l_0_since)) if (undefined(name='since') if l_0_since is missing else l_0_since) else (environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), environment.getattr(environment.getitem(environment.getitem((undefined(name='bodies') if l_0_bodies is missing else l_0_bodies), 0), 0), 'date')) if (undefined(name='bodies') if l_0_bodies is missing else l_0_bodies) else '—')))
    yield ' – '
    yield escape((environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), (undefined(name='until') if l_0_until is missing else l_0_until)) if (undefined(name='until') if l_0_until is missing else l_0_until) else (environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), environment.getattr(environment.getitem(environment.getitem((undefined(name='bodies') if l_0_bodies is missing else l_0_bodies), -1), 0), 'date')) if (undefined(name='bodies') if l_0_bodies is missing else l_0_bodies) else '—')))
    yield '</p>\n<p class="muted">'
    yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'generated'), 'format'), date=environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), (undefined(name='today') if l_0_today is missing else l_0_today))))
    yield '</p>\n</section>\n<nav class="toc" aria-labelledby="toc-title">\n<h1 id="toc-title">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'contents'))
    yield '</h1>\n<ol>\n'
    for (l_1_part, l_1__) in (undefined(name='parts') if l_0_parts is missing else l_0_parts):
        _loop_vars = {}
        pass
        yield '<li><a href="#'
        yield escape(environment.getattr(l_1_part, 'anchor'))
        yield '">'
        yield escape(environment.getattr(l_1_part, 'title'))
        yield '</a></li>\n'
    l_1_part = l_1__ = missing
    for (l_1_incident, l_1__) in (undefined(name='bodies') if l_0_bodies is missing else l_0_bodies):
        _loop_vars = {}
        pass
        yield '<li><a href="#incident-'
        yield escape(environment.getattr(l_1_incident, 'id'))
        yield '">'
        yield escape(environment.getattr(l_1_incident, 'id'))
        yield ' — '
        yield escape(t_3(environment.getattr(l_1_incident, 'title')))
        yield '</a></li>\n'
    l_1_incident = l_1__ = missing
    yield '</ol>\n</nav>\n'
    for (l_1_part, l_1_html) in (undefined(name='parts') if l_0_parts is missing else l_0_parts):
        _loop_vars = {}
        pass
        yield '<section class="part" id="'
        yield escape(environment.getattr(l_1_part, 'anchor'))
        yield '">\n'
        yield escape(l_1_html)
        yield '\n</section>\n'
    l_1_part = l_1_html = missing
    for (l_1_incident, l_1_html) in (undefined(name='bodies') if l_0_bodies is missing else l_0_bodies):
        _loop_vars = {}
        pass
        yield '<section class="incident" id="incident-'
        yield escape(environment.getattr(l_1_incident, 'id'))
        yield '">\n'
        yield escape(l_1_html)
        yield '\n</section>\n'
    l_1_incident = l_1_html = missing
    yield '</main>\n</body>\n</html>\n'

blocks = {}
debug_info = '3=40&6=42&7=44&9=50&10=56&11=62&35=69&36=71&37=73&38=80&41=82&43=84&45=93&49=105&50=109&51=111&54=114&55=118&56=120'