from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/feed.xml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_language = resolve('language')
    l_0_config = resolve('config')
    l_0_site = resolve('site')
    l_0_feed_self_id = resolve('feed_self_id')
    l_0_feed_last_updated = resolve('feed_last_updated')
    l_0_version = resolve('version')
    l_0_feed = resolve('feed')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    yield '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="'
    yield escape((undefined(name='language') if l_0_language is missing else l_0_language))
    yield '"'
    if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'site_url'):
        pass
        yield ' xml:base="'
        yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'site_url'), 'rstrip'), '/'))
        yield '/"'
    yield '>\n<title>'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</title>\n<id>'
    yield escape((undefined(name='feed_self_id') if l_0_feed_self_id is missing else l_0_feed_self_id))
    yield '</id>\n<updated>'
    yield escape((undefined(name='feed_last_updated') if l_0_feed_last_updated is missing else l_0_feed_last_updated))
    yield '</updated>\n<link rel="alternate" href="index.html"/>\n<link rel="self" href="feed.xml"/>\n<generator version="'
    yield escape((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '">pm</generator>\n'
    for l_1_incident in (undefined(name='feed') if l_0_feed is missing else l_0_feed):
        l_1_feed_ids = resolve('feed_ids')
        l_1_feed_updated = resolve('feed_updated')
        _loop_vars = {}
        pass
        yield '<entry>\n<title>'
        yield escape(environment.getattr(l_1_incident, 'id'))
        yield ' — '
        yield escape(t_2(environment.getattr(l_1_incident, 'title')))
        yield '</title>\n<id>'
        yield escape(environment.getitem((undefined(name='feed_ids') if l_1_feed_ids is missing else l_1_feed_ids), environment.getattr(l_1_incident, 'id')))
        yield '</id>\n<updated>'
        yield escape(environment.getitem((undefined(name='feed_updated') if l_1_feed_updated is missing else l_1_feed_updated), environment.getattr(l_1_incident, 'id')))
        yield '</updated>\n<published>'
        yield escape(environment.call(context, environment.getattr(environment.getattr(l_1_incident, 'date'), 'isoformat'), _loop_vars=_loop_vars))
        yield 'T00:00:00Z</published>\n<link rel="alternate" type="text/html" href="'
        yield escape(environment.getattr(l_1_incident, 'id'))
        yield '.html"/>\n<author><name>'
        yield escape((t_1(context.eval_ctx, environment.getattr(l_1_incident, 'authors'), ', ') if environment.getattr(l_1_incident, 'authors') else environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title')))
        yield '</name></author>\n'
        if environment.getattr(l_1_incident, 'severity'):
            pass
            yield '<category term="'
            yield escape(environment.getattr(l_1_incident, 'severity'))
            yield '"/>'
        for l_2_tag in environment.getattr(l_1_incident, 'tags'):
            _loop_vars = {}
            pass
            yield '<category term="'
            yield escape(l_2_tag)
            yield '"/>'
        l_2_tag = missing
        yield '<summary>'
        yield escape(t_2((environment.getattr(l_1_incident, 'summary') or environment.getattr(l_1_incident, 'title'))))
        yield '</summary>\n</entry>\n'
    l_1_incident = l_1_feed_ids = l_1_feed_updated = missing
    yield '</feed>\n'

blocks = {}
debug_info = '2=31&3=39&4=41&5=43&8=45&9=47&11=53&12=57&13=59&14=61&15=63&16=65&17=67&18=72&19=80'