from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/index.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_severity_badge = missing
    pass
    parent_template = environment.get_template('site/layout.html.j2', 'site/index.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('site/macros.html.j2', 'site/index.html.j2')._get_default_module(context)
    l_0_severity_badge = getattr(included_template, 'severity_badge', missing)
    if l_0_severity_badge is missing:
        l_0_severity_badge = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'site/index.html.j2') does not export the requested name 'severity_badge'", name='severity_badge')
    context.vars['severity_badge'] = l_0_severity_badge
    context.exported_vars.discard('severity_badge')
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_s = resolve('s')
    pass
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'home'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    l_0_pages = resolve('pages')
    l_0_s = resolve('s')
    l_0_rows = resolve('rows')
    l_0_t = resolve('t')
    l_0_config = resolve('config')
    l_0_tag_counts = resolve('tag_counts')
    l_0_years = resolve('years')
    l_0_fmt = resolve('fmt')
    l_0_fragments = resolve('fragments')
    try:
        t_1 = environment.filters['dictsort']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'dictsort' found.")
    try:
        t_2 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    try:
        t_3 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</h1>\n'
    l_1_loop = missing
    for l_1_document, l_1_loop in LoopContext((undefined(name='pages') if l_0_pages is missing else l_0_pages), undefined):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_loop, 'first'):
            pass
            yield '<ul class="page-links">'
        yield '<li><a href="page-'
        yield escape(environment.getattr(l_1_document, 'slug'))
        yield '.html">'
        yield escape(environment.getattr(l_1_document, 'title'))
        yield '</a></li>\n'
        if environment.getattr(l_1_loop, 'last'):
            pass
            yield '</ul>'
    l_1_loop = l_1_document = missing
    yield '<section aria-labelledby="incidents">\n<h2 id="incidents">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'incidents_table'))
    yield '</h2>\n'
    def t_4(fiter):
        for l_1_document in fiter:
            if (environment.getattr(l_1_document, 'place') == 'incidents'):
                yield l_1_document
    for l_1_document in t_4((undefined(name='pages') if l_0_pages is missing else l_0_pages)):
        _loop_vars = {}
        pass
        yield '<section class="document" aria-labelledby="page-'
        yield escape(environment.getattr(l_1_document, 'slug'))
        yield '">\n<h3 id="page-'
        yield escape(environment.getattr(l_1_document, 'slug'))
        yield '">'
        yield escape(environment.getattr(l_1_document, 'title'))
        yield '</h3>\n'
        yield escape(t_2(environment.getattr(l_1_document, 'content')))
        yield '\n</section>\n'
    l_1_document = missing
    if (not (undefined(name='rows') if l_0_rows is missing else l_0_rows)):
        pass
        yield '<p class="empty">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_incidents'))
        yield '</p>\n'
    else:
        pass
        yield '<form class="filters" id="filters" hidden>\n<fieldset>\n<legend>'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'filter'))
        yield '</legend>\n<label>'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'))
        yield ' <select name="severity"><option value="">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'all'))
        yield '</option>'
        for l_1_level in environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'severities'):
            _loop_vars = {}
            pass
            yield '<option value="'
            yield escape(environment.getattr(l_1_level, 'id'))
            yield '">'
            yield escape(environment.getattr(l_1_level, 'id'))
            yield ' — '
            yield escape(environment.getattr(l_1_level, 'name'))
            yield '</option>'
        l_1_level = missing
        yield '</select></label>\n<label>'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'status'))
        yield ' <select name="status"><option value="">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'all'))
        yield '</option>'
        for (l_1_key, l_1_label) in environment.call(context, environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'statuses'), 'items'), _block_vars=_block_vars):
            _loop_vars = {}
            pass
            yield '<option value="'
            yield escape(l_1_key)
            yield '">'
            yield escape(l_1_label)
            yield '</option>'
        l_1_key = l_1_label = missing
        yield '</select></label>\n<label>'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'theme'))
        yield ' <select name="theme"><option value="">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'all'))
        yield '</option>'
        for (l_1_name, l_1_count) in t_1((undefined(name='tag_counts') if l_0_tag_counts is missing else l_0_tag_counts)):
            _loop_vars = {}
            pass
            yield '<option value="'
            yield escape(l_1_name)
            yield '">'
            yield escape(l_1_name)
            yield ' ('
            yield escape(environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'plural'), (undefined(name='s') if l_0_s is missing else l_0_s), 'theme_incidents', l_1_count, _loop_vars=_loop_vars))
            yield ')</option>'
        l_1_name = l_1_count = missing
        yield '</select></label>\n<label>'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'year'))
        yield ' <select name="year"><option value="">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'all'))
        yield '</option>'
        for l_1_year in (undefined(name='years') if l_0_years is missing else l_0_years):
            _loop_vars = {}
            pass
            yield '<option value="'
            yield escape(l_1_year)
            yield '">'
            yield escape(l_1_year)
            yield '</option>'
        l_1_year = missing
        yield '</select></label>\n<label>'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'text_filter'))
        yield ' <input type="search" name="words"></label>\n</fieldset>\n<p class="shown" aria-live="polite" data-forms=\''
        yield escape(t_3(context.eval_ctx, environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'plural_forms'), (undefined(name='s') if l_0_s is missing else l_0_s), 'shown', _block_vars=_block_vars)))
        yield '\'></p>\n</form>\n<div class="table-scroll" tabindex="0">\n<table class="incidents cards" id="incident-table" data-page-size="50" data-page-of="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'page_of'))
        yield '" data-previous="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'previous'))
        yield '" data-next="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'next'))
        yield '">\n<thead><tr data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'sort'))
        yield '">\n<th scope="col" data-sort="id" aria-sort="none">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'number'))
        yield '</th>\n<th scope="col" data-sort="text">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'incident'))
        yield '</th>\n<th scope="col" data-sort="rank">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'))
        yield '</th>\n<th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'root_cause'))
        yield '</th>\n<th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'resolution'))
        yield '</th>\n<th scope="col" data-sort="number">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'time'))
        yield '</th>\n<th scope="col">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'formats'))
        yield '</th>\n</tr></thead>\n<tbody>\n'
        yield escape(environment.call(context, (undefined(name='fragments') if l_0_fragments is missing else l_0_fragments), 'site/incident-row.html.j2', (undefined(name='rows') if l_0_rows is missing else l_0_rows), {'row': ''}, _block_vars=_block_vars))
        yield '</tbody>\n</table>\n</div>\n<nav class="pager" id="pager" aria-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'pagination'))
        yield '" hidden></nav>\n'
    yield '</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=13&2=16&3=24&4=35&5=72&6=75&7=78&8=82&9=86&12=91&13=93&14=101&15=103&16=107&19=110&20=113&24=118&25=120&26=136&27=150&28=166&29=180&31=182&34=184&35=190&36=192&37=194&38=196&39=198&40=200&41=202&42=204&45=206&49=208'