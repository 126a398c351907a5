from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/procedures.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('site/layout.html.j2', 'site/procedures.html.j2')
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
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'procedures'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_s = resolve('s')
    l_0_config = resolve('config')
    l_0_procedures = resolve('procedures')
    try:
        t_1 = environment.filters['inline_markdown']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'inline_markdown' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'procedures'))
    yield '</h1>\n<section aria-labelledby="levels">\n<h2 id="levels">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'severity_levels'))
    yield '</h2>\n<div class="table-scroll" tabindex="0">\n<table class="cards levels">\n<thead><tr><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'level'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'name'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'description'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'target_response'))
    yield '</th></tr></thead>\n<tbody>\n'
    l_1_loop = missing
    for l_1_level, l_1_loop in LoopContext(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'severities'), undefined):
        l_1_fmt = resolve('fmt')
        l_1_t = resolve('t')
        _loop_vars = {}
        pass
        yield '<tr><td class="level-id"><span class="badge severity severity-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '">'
        yield escape(environment.getattr(l_1_level, 'id'))
        yield '</span></td><td class="level-name"><strong>'
        yield escape(environment.getattr(l_1_level, 'name'))
        yield '</strong></td><td class="card-wide" data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'description'))
        yield '">'
        yield escape(t_1(environment.getattr(l_1_level, 'description')))
        yield '</td><td class="card-wide" data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'target_response'))
        yield '">'
        yield escape(environment.call(context, environment.getattr((undefined(name='fmt') if l_1_fmt is missing else l_1_fmt), 'target'), environment.getattr(l_1_level, 'target'), environment.getattr((undefined(name='t') if l_1_t is missing else l_1_t), 'planned'), _loop_vars=_loop_vars))
        yield '</td></tr>\n'
    l_1_loop = l_1_level = l_1_fmt = l_1_t = missing
    yield '</tbody>\n</table>\n</div>\n</section>\n'
    if (undefined(name='procedures') if l_0_procedures is missing else l_0_procedures):
        pass
        yield '<section aria-labelledby="runbooks">\n<h2 id="runbooks">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'procedures'))
        yield '</h2>\n<ul>\n'
        for l_1_document in (undefined(name='procedures') if l_0_procedures is missing else l_0_procedures):
            _loop_vars = {}
            pass
            yield '<li><a href="procedure-'
            yield escape(environment.getattr(l_1_document, 'slug'))
            yield '.html">'
            yield escape(environment.getattr(l_1_document, 'title'))
            yield '</a>'
            if (environment.getattr(l_1_document, 'severities') or environment.getattr(l_1_document, 'tags')):
                pass
                yield ' <span class="muted">('
                yield escape(t_2(context.eval_ctx, environment.call_binop(context, '+', environment.getattr(l_1_document, 'severities'), environment.getattr(l_1_document, 'tags')), ', '))
                yield ')</span>'
            yield '</li>\n'
        l_1_document = missing
        yield '</ul>\n</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&4=52&6=54&9=56&11=65&12=71&18=87&20=90&22=92&23=96'