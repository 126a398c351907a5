from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/actions.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_percent = missing
    pass
    parent_template = environment.get_template('site/layout.html.j2', 'site/actions.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('site/macros.html.j2', 'site/actions.html.j2')._get_default_module(context)
    l_0_percent = getattr(included_template, 'percent', missing)
    if l_0_percent is missing:
        l_0_percent = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'site/actions.html.j2') does not export the requested name 'percent'", name='percent')
    context.vars['percent'] = l_0_percent
    context.exported_vars.discard('percent')
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
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'actions'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_t = resolve('t')
    l_0_rows = resolve('rows')
    l_0_s = resolve('s')
    l_0_ledger = resolve('ledger')
    l_0_percent = resolve('percent')
    l_0_fragments = resolve('fragments')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'actions'))
    yield '</h1>\n'
    if (not (undefined(name='rows') if l_0_rows is missing else l_0_rows)):
        pass
        yield '<p class="empty">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_incidents'))
        yield '</p>'
    yield '<ul class="facts summary-facts">\n<li class="fact"><span class="label">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'total'))
    yield '</span> <strong class="value">'
    yield escape(t_1(environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'lines')))
    yield '</strong></li>\n<li class="fact"><span class="label">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'open'))
    yield '</span> <strong class="value">'
    yield escape(environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'open'))
    yield '</strong></li>\n<li class="fact'
    if environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'overdue'):
        pass
        yield ' bad'
    yield '"><span class="label">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'overdue_count'))
    yield '</span> <strong class="value">'
    yield escape(environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'overdue'))
    yield '</strong></li>\n<li class="fact"><span class="label">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'completion'))
    yield '</span> <strong class="value">'
    yield escape(environment.call(context, (undefined(name='percent') if l_0_percent is missing else l_0_percent), environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'completion'), _block_vars=_block_vars))
    yield '</strong></li>\n</ul>\n<section aria-labelledby="owners">\n<h2 id="owners">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'by_owner'))
    yield '</h2>\n<div class="table-scroll" tabindex="0">\n<table class="cards figures">\n<thead><tr><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'owner'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'total'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'open'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'overdue_count'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'done'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'completion'))
    yield '</th></tr></thead>\n<tbody>\n'
    for l_1_owner in environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'owners'):
        _loop_vars = {}
        pass
        yield '<tr><td class="card-title">'
        yield escape(environment.getattr(l_1_owner, 'owner'))
        yield '</td><td data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'total'))
        yield '">'
        yield escape(environment.getattr(l_1_owner, 'total'))
        yield '</td><td data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'open'))
        yield '">'
        yield escape(environment.getattr(l_1_owner, 'open'))
        yield '</td><td data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'overdue_count'))
        yield '"'
        if environment.getattr(l_1_owner, 'overdue'):
            pass
            yield ' class="flag-overdue"'
        yield '>'
        yield escape(environment.getattr(l_1_owner, 'overdue'))
        yield '</td><td data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'done'))
        yield '">'
        yield escape(environment.getattr(l_1_owner, 'done'))
        yield '</td><td data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'completion'))
        yield '">'
        yield escape(environment.call(context, (undefined(name='percent') if l_0_percent is missing else l_0_percent), ((environment.getattr(l_1_owner, 'done') / environment.getattr(l_1_owner, 'total')) if environment.getattr(l_1_owner, 'total') else None), _loop_vars=_loop_vars))
        yield '</td></tr>\n'
    l_1_owner = missing
    yield '</tbody>\n</table>\n</div>\n'
    if environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'unassigned'):
        pass
        yield '<p class="unassigned-actions">'
        yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'unassigned_actions'), 'format'), total=environment.getattr(environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'unassigned'), 'total'), open=environment.getattr(environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'unassigned'), 'open'), overdue=environment.getattr(environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'unassigned'), 'overdue'), _block_vars=_block_vars))
        yield '</p>\n'
    yield '</section>\n<section aria-labelledby="ledger">\n<h2 id="ledger">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'ledger'))
    yield '</h2>\n<div class="table-scroll" tabindex="0">\n<table class="actions cards">\n<thead><tr><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'incident'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'owner'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'due'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'status'))
    yield '</th></tr></thead>\n<tbody>\n'
    yield escape(environment.call(context, (undefined(name='fragments') if l_0_fragments is missing else l_0_fragments), 'site/action-row.html.j2', environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'lines'), {'action': 'action', 'incident': 'incident.id', 'overdue': 'overdue'}, _block_vars=_block_vars))
    yield '</tbody>\n</table>\n</div>\n</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=13&2=16&3=24&4=35&5=56&6=58&8=64&9=68&10=72&11=80&14=84&17=86&19=98&20=102&25=130&26=133&30=136&33=138&35=148'