from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/risks.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('site/layout.html.j2', 'site/risks.html.j2')
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
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'risks'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_s = resolve('s')
    l_0_t = resolve('t')
    l_0_config = resolve('config')
    l_0_matrix = resolve('matrix')
    l_0_risks = resolve('risks')
    try:
        t_1 = environment.filters['inline_markdown']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'inline_markdown' found.")
    try:
        t_2 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_3 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    try:
        t_4 = environment.filters['select']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'select' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'risk_matrix'))
    yield '</h1>\n<div class="table-scroll" tabindex="0">\n<table class="risk-matrix cards">\n<caption>'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'probability_impact'))
    yield '</caption>\n<thead><tr><td class="corner">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probability'))
    yield '</td>'
    for l_1_level in environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'severities'):
        _loop_vars = {}
        pass
        yield '<th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'impact'))
        yield ' '
        yield escape(environment.getattr(l_1_level, 'id'))
        yield '</th>'
    l_1_level = missing
    yield '</tr></thead>\n<tbody>\n'
    l_1_loop = missing
    for (l_1_probability, l_1_cells), l_1_loop in LoopContext((undefined(name='matrix') if l_0_matrix is missing else l_0_matrix), undefined):
        _loop_vars = {}
        pass
        yield '<tr'
        if (not t_2(context.eval_ctx, t_4(context, l_1_cells))):
            pass
            yield ' class="no-risk"'
        yield '><th scope="row" class="card-title" data-label="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probability'))
        yield '">'
        yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probabilities'), l_1_probability))
        yield '</th>'
        l_2_loop = missing
        for l_2_cell, l_2_loop in LoopContext(l_1_cells, undefined):
            _loop_vars = {}
            pass
            yield '<td class="card-wide" data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'impact'))
            yield ' '
            yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'severities'), environment.getattr(l_2_loop, 'index0')), 'id'))
            yield '">'
            for l_3_risk in l_2_cell:
                _loop_vars = {}
                pass
                yield '<a class="risk-chip gravity-'
                yield escape(environment.getattr(l_3_risk, 'severity'))
                yield '" href="#risk-'
                yield escape(environment.getattr(l_3_risk, 'id'))
                yield '">'
                yield escape(t_3(environment.getattr(l_3_risk, 'title')))
                yield '</a>'
            l_3_risk = missing
            yield '</td>'
        l_2_loop = l_2_cell = missing
        yield '</tr>\n'
    l_1_loop = l_1_probability = l_1_cells = missing
    yield '</tbody>\n</table>\n</div>\n<section aria-labelledby="register">\n<h2 id="register">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'risks'))
    yield '</h2>\n<div class="table-scroll" tabindex="0">\n<table class="cards figures">\n<thead><tr><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'risk'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probability'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'impact'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mitigation'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'materialised_by'))
    yield '</th></tr></thead>\n<tbody>\n'
    l_1_loop = missing
    for l_1_risk, l_1_loop in LoopContext((undefined(name='risks') if l_0_risks is missing else l_0_risks), undefined):
        l_1_materialised = resolve('materialised')
        _loop_vars = {}
        pass
        yield '<tr id="risk-'
        yield escape(environment.getattr(l_1_risk, 'id'))
        yield '"><td class="card-title">'
        yield escape(t_1(environment.getattr(l_1_risk, 'title')))
        yield '</td><td data-label="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probability'))
        yield '">'
        yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'probabilities'), environment.getattr(l_1_risk, 'probability')))
        yield '</td><td data-label="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'impact'))
        yield '">'
        yield escape(environment.getattr(l_1_risk, 'impact'))
        yield '</td><td data-label="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'severity'))
        yield '">'
        yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'gravities'), environment.getattr(l_1_risk, 'severity')))
        yield '</td><td class="card-wide" data-label="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mitigation'))
        yield '">'
        yield escape(t_1(environment.getattr(l_1_risk, 'mitigation')))
        yield '</td><td class="card-wide" data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'materialised_by'))
        yield '">'
        l_2_loop = missing
        t_5 = 1
        for l_2_incident, l_2_loop in LoopContext(environment.getitem((undefined(name='materialised') if l_1_materialised is missing else l_1_materialised), environment.getattr(l_1_risk, 'id')), undefined):
            _loop_vars = {}
            pass
            yield '<a href="'
            yield escape(environment.getattr(l_2_incident, 'id'))
            yield '.html">'
            yield escape(environment.getattr(l_2_incident, 'id'))
            yield '</a>'
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                yield ', '
            t_5 = 0
        l_2_loop = l_2_incident = missing
        if t_5:
            pass
            yield '—'
        yield '</td></tr>\n'
    l_1_loop = l_1_risk = l_1_materialised = missing
    yield '</tbody>\n</table>\n</div>\n</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&4=66&7=68&8=70&10=83&11=87&17=120&20=122&22=135&23=140'