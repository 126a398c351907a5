from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/search.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('site/layout.html.j2', 'site/search.html.j2')
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
    l_0_s = resolve('s')
    pass
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'search'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_s = resolve('s')
    l_0_rows = resolve('rows')
    l_0_search_shards = resolve('search_shards')
    l_0_fmt = resolve('fmt')
    try:
        t_1 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'search'))
    yield '</h1>\n'
    if (not (undefined(name='rows') if l_0_rows is missing else l_0_rows)):
        pass
        yield '<p class="empty">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_incidents'))
        yield '</p>\n'
    else:
        pass
        yield '<form class="search" id="search" role="search" action="search.html" data-shards="'
        yield escape((undefined(name='search_shards') if l_0_search_shards is missing else l_0_search_shards))
        yield '" data-unavailable="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'search_unavailable'))
        yield '" data-none="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_results'))
        yield '" data-results=\''
        yield escape(t_1(context.eval_ctx, environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'plural_forms'), (undefined(name='s') if l_0_s is missing else l_0_s), 'results', _block_vars=_block_vars)))
        yield '\'>\n<label for="search-input">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'search_label'))
        yield '</label>\n<input id="search-input" type="search" name="q" autocomplete="off">\n<button type="submit">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'search_button'))
        yield '</button>\n</form>\n<noscript><p class="notice">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'search_needs_script'))
        yield ' <a href="index.html">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'incidents_table'))
        yield '</a></p></noscript>\n<p id="search-status" class="muted" aria-live="polite"></p>\n<ol id="search-results" class="search-results"></ol>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&4=47&5=49&6=52&8=57&9=65&11=67&13=69'