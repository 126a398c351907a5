from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/incident-row.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_row = resolve('row')
    l_0_fmt = resolve('fmt')
    l_0_t = resolve('t')
    l_0_s = resolve('s')
    l_0_formats = resolve('formats')
    l_0_severity_badge = missing
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
    try:
        t_3 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    included_template = environment.get_template('site/macros.html.j2', 'site/incident-row.html.j2')._get_default_module(context)
    l_0_severity_badge = getattr(included_template, 'severity_badge', missing)
    if l_0_severity_badge is missing:
        l_0_severity_badge = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'site/incident-row.html.j2') does not export the requested name 'severity_badge'", name='severity_badge')
    context.vars['severity_badge'] = l_0_severity_badge
    context.exported_vars.discard('severity_badge')
    yield '<tr data-severity="'
    yield escape((environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'severity') or ''))
    yield '" data-status="'
    yield escape(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'status'))
    yield '" data-year="'
    yield escape(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'year'))
    yield '" data-themes="'
    yield escape(t_2(context.eval_ctx, environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'themes'), '|'))
    yield '" data-id="'
    yield escape(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'))
    yield '" data-rank="'
    yield escape((environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'rank') or 99))
    yield '" data-number="'
    yield escape((environment.getattr(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'time_spent'), 'minutes') if environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'time_spent') else -1))
    yield '" data-date="'
    yield escape(environment.call(context, environment.getattr(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'date'), 'isoformat')))
    yield '">\n<td class="incident-id"><a href="'
    yield escape(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'))
    yield '.html">'
    yield escape(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'))
    yield '</a></td>\n<td class="card-title"><a href="'
    yield escape(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'))
    yield '.html">'
    yield escape(t_3(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'title')))
    yield '</a><br><span class="muted"><time datetime="'
    yield escape(environment.call(context, environment.getattr(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'date'), 'isoformat')))
    yield '">'
    yield escape(environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'date'), 'medium'))
    yield '</time>'
    if (environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'status') != 'final'):
        pass
        yield ' · '
        yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'statuses'), environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'status')))
    yield '</span></td>\n<td class="incident-severity">'
    yield escape(environment.call(context, (undefined(name='severity_badge') if l_0_severity_badge is missing else l_0_severity_badge), environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'level'), environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'rank')))
    yield '</td>\n<td class="card-wide" data-label="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'root_cause'))
    yield '">'
    yield escape(t_1(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'root_cause')))
    yield '</td>\n<td class="card-wide" data-label="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'resolution'))
    yield '">'
    yield escape(t_1(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'resolution')))
    yield '</td>\n<td data-label="'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'time'))
    yield '">'
    yield escape(environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'duration'), environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'time_spent')))
    yield '</td>\n<td class="formats" data-label="'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'formats'))
    yield '">'
    if ('md' in (undefined(name='formats') if l_0_formats is missing else l_0_formats)):
        pass
        yield '<a href="'
        yield escape(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'))
        yield '.md">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'markdown'))
        yield '<span class="visually-hidden"> '
        yield escape(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'))
        yield '</span></a>'
    if ('pdf' in (undefined(name='formats') if l_0_formats is missing else l_0_formats)):
        pass
        yield ' <a href="'
        yield escape(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'))
        yield '.pdf">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'pdf'))
        yield '<span class="visually-hidden"> '
        yield escape(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'incident'), 'id'))
        yield '</span></a>'
    yield '</td>\n</tr>\n'

blocks = {}
debug_info = '2=35&3=42&4=58&5=62&6=75&7=77&8=81&9=85&10=89'