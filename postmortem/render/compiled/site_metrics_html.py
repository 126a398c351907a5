from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/metrics.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_minutes = l_0_percent = l_0_figure = missing
    pass
    parent_template = environment.get_template('site/layout.html.j2', 'site/metrics.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('site/macros.html.j2', 'site/metrics.html.j2')._get_default_module(context)
    l_0_minutes = getattr(included_template, 'minutes', missing)
    if l_0_minutes is missing:
        l_0_minutes = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'site/metrics.html.j2') does not export the requested name 'minutes'", name='minutes')
    l_0_percent = getattr(included_template, 'percent', missing)
    if l_0_percent is missing:
        l_0_percent = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'site/metrics.html.j2') does not export the requested name 'percent'", name='percent')
    context.vars.update({'minutes': l_0_minutes, 'percent': l_0_percent})
    context.exported_vars.difference_update(('minutes', 'percent'))
    def macro(l_1_f):
        t_1 = []
        if l_1_f is missing:
            l_1_f = undefined("parameter 'f' was not provided", name='f')
        pass
        t_1.append(
            '<figure class="chart-figure',
        )
        if environment.getattr(l_1_f, 'wide'):
            pass
            t_1.append(
                ' chart-wide',
            )
        t_1.extend((
            '" id="',
            escape(environment.getattr(l_1_f, 'id')),
            '">\n<figcaption class="chart-caption">',
            escape(environment.getattr(l_1_f, 'title')),
            '</figcaption>\n<div class="chart-pair">\n',
        ))
        if environment.getattr(l_1_f, 'chart'):
            pass
            t_1.append(
                escape(environment.getattr(l_1_f, 'chart')),
            )
        t_1.extend((
            '<div class="chart-table" role="group" tabindex="0" aria-labelledby="',
            escape(environment.getattr(l_1_f, 'id')),
            '-table-caption">\n<table class="data-table">\n<caption id="',
            escape(environment.getattr(l_1_f, 'id')),
            '-table-caption">',
            escape(environment.getattr(environment.getattr(l_1_f, 'table'), 'caption')),
            '</caption>\n<thead><tr>',
        ))
        for l_2_column in environment.getattr(environment.getattr(l_1_f, 'table'), 'columns'):
            _loop_vars = {}
            pass
            t_1.extend((
                '<th scope="col">',
                escape(l_2_column),
                '</th>',
            ))
        l_2_column = missing
        t_1.append(
            '</tr></thead>\n<tbody>\n',
        )
        l_2_loop = missing
        for l_2_row, l_2_loop in LoopContext(environment.getattr(environment.getattr(l_1_f, 'table'), 'rows'), undefined):
            _loop_vars = {}
            pass
            t_1.extend((
                '<tr><th scope="row">',
                escape(environment.getitem(l_2_row, 0)),
                '</th>',
            ))
            l_3_loop = missing
            for l_3_cell, l_3_loop in LoopContext(l_2_row[1:], undefined):
                _loop_vars = {}
                pass
                t_1.extend((
                    '<td data-label="',
                    escape(environment.getitem(environment.getattr(environment.getattr(l_1_f, 'table'), 'columns'), environment.getattr(l_3_loop, 'index'))),
                    '">',
                    escape(l_3_cell),
                    '</td>',
                ))
            l_3_loop = l_3_cell = missing
            t_1.append(
                '</tr>\n',
            )
        l_2_loop = l_2_row = missing
        t_1.append(
            '</tbody>\n</table>\n</div>\n</div>\n</figure>',
        )
        return concat(t_1)
    context.exported_vars.add('figure')
    context.vars['figure'] = l_0_figure = Macro(environment, macro, 'figure', ('f',), False, False, False, context.eval_ctx.autoescape)
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
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'metrics'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_s = resolve('s')
    l_0_metrics = resolve('metrics')
    l_0_period_range = resolve('period_range')
    l_0_percent = resolve('percent')
    l_0_t = resolve('t')
    l_0_action_counts = resolve('action_counts')
    l_0_period_word = resolve('period_word')
    l_0_trend_figures = resolve('trend_figures')
    l_0_figure = resolve('figure')
    l_0_spread_figure = resolve('spread_figure')
    l_0_breach_rows = resolve('breach_rows')
    l_0_period_figure = resolve('period_figure')
    l_0_recurrence_figures = resolve('recurrence_figures')
    l_0_fmt = resolve('fmt')
    l_0_today = resolve('today')
    l_0_action_figures = resolve('action_figures')
    l_0_measured = l_0_met = l_0_total = missing
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_4 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    try:
        t_5 = environment.filters['sum']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'sum' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'metrics'))
    yield '</h1>\n'
    if (not environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'by_month')):
        pass
        yield '<p class="empty">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_incidents'))
        yield '</p>'
    l_0_measured = t_5(environment, environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'by_level'), attribute='measured')
    _block_vars['measured'] = l_0_measured
    l_0_met = t_5(environment, environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'by_level'), attribute='met')
    _block_vars['met'] = l_0_met
    yield '<section aria-labelledby="glance">\n<h2 id="glance">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'at_a_glance'))
    yield '</h2>\n<ul class="facts summary-facts">\n<li class="fact"><span class="label">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'count'))
    yield '</span> <strong class="value">'
    yield escape(t_5(environment, environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'per_period')))
    yield '</strong></li>\n<li class="fact"><span class="label">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'covered'))
    yield '</span> <strong class="value">'
    yield escape(((undefined(name='period_range') if l_0_period_range is missing else l_0_period_range) or '—'))
    yield '</strong></li>\n<li class="fact"><span class="label">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'met_share'))
    yield '</span> <strong class="value">'
    yield escape(environment.call(context, (undefined(name='percent') if l_0_percent is missing else l_0_percent), (((undefined(name='met') if l_0_met is missing else l_0_met) / (undefined(name='measured') if l_0_measured is missing else l_0_measured)) if (undefined(name='measured') if l_0_measured is missing else l_0_measured) else None), _block_vars=_block_vars))
    yield '</strong>'
    if (undefined(name='measured') if l_0_measured is missing else l_0_measured):
        pass
        yield ' <span class="muted">('
        yield escape((undefined(name='met') if l_0_met is missing else l_0_met))
        yield '/'
        yield escape((undefined(name='measured') if l_0_measured is missing else l_0_measured))
        yield ')</span>'
    yield '</li>\n<li class="fact'
    if environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'breaches'):
        pass
        yield ' bad'
    yield '"><span class="label">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'missed_count'))
    yield '</span> <strong class="value">'
    yield escape(t_2(environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'breaches')))
    yield '</strong></li>\n<li class="fact"><span class="label">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'actions'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'open'))
    yield '</span> <strong class="value">'
    yield escape(environment.getattr((undefined(name='action_counts') if l_0_action_counts is missing else l_0_action_counts), 'open'))
    yield '</strong></li>\n<li class="fact'
    if environment.getattr((undefined(name='action_counts') if l_0_action_counts is missing else l_0_action_counts), 'overdue'):
        pass
        yield ' bad'
    yield '"><span class="label">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'actions'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'overdue_count'))
    yield '</span> <strong class="value">'
    yield escape(environment.getattr((undefined(name='action_counts') if l_0_action_counts is missing else l_0_action_counts), 'overdue'))
    yield '</strong></li>\n</ul>\n<div class="chart-table" role="group" tabindex="0" aria-labelledby="timings-caption">\n<table class="data-table level-timings">\n<caption id="timings-caption">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'timings'))
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon'))
    yield ' '
    yield escape(t_3(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'median')))
    yield ' / '
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'p90'))
    yield '</caption>\n<thead>\n<tr><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'level'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'count'))
    yield '</th>'
    for l_1_name in ['time_to_detect', 'time_to_acknowledge', 'time_to_mitigate', 'time_to_resolve']:
        _loop_vars = {}
        pass
        yield '<th scope="col">'
        yield escape(environment.getitem((undefined(name='t') if l_0_t is missing else l_0_t), l_1_name))
        yield '</th>'
    l_1_name = missing
    yield '<th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'target'))
    yield '</th><th scope="col">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'met_share'))
    yield '</th></tr>\n</thead>\n<tbody>\n'
    for l_1_row in environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'by_level'):
        _loop_vars = {}
        pass
        yield '<tr>\n<th scope="row">'
        yield escape(environment.getattr(environment.getattr(l_1_row, 'level'), 'id'))
        yield ' — '
        yield escape(environment.getattr(environment.getattr(l_1_row, 'level'), 'name'))
        yield '</th>\n<td data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'count'))
        yield '">'
        yield escape(environment.getattr(l_1_row, 'count'))
        yield '</td>\n'
        for l_2_measure in environment.getattr(l_1_row, 'measures'):
            l_2_minutes = resolve('minutes')
            _loop_vars = {}
            pass
            yield '<td data-label="'
            yield escape(environment.getitem((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_measure, 'name')))
            yield '">'
            if environment.getattr(l_2_measure, 'count'):
                pass
                yield escape(environment.call(context, (undefined(name='minutes') if l_2_minutes is missing else l_2_minutes), environment.getattr(l_2_measure, 'median'), (undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), environment.getattr(l_2_measure, 'median_approximate'), _loop_vars=_loop_vars))
                yield '<br><span class="muted">'
                yield escape(environment.call(context, (undefined(name='minutes') if l_2_minutes is missing else l_2_minutes), environment.getattr(l_2_measure, 'p90'), (undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), environment.getattr(l_2_measure, 'p90_approximate'), _loop_vars=_loop_vars))
                yield ' (n = '
                yield escape(environment.getattr(l_2_measure, 'count'))
                yield ')</span>'
            else:
                pass
                yield '—'
            yield '</td>'
        l_2_measure = l_2_minutes = missing
        yield '<td data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'target'))
        yield '">'
        yield escape((environment.joined(markup_join, ('< ', environment.getattr(environment.getattr(l_1_row, 'level'), 'response'), )) if environment.getattr(environment.getattr(l_1_row, 'level'), 'response') else environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'planned')))
        yield '</td>\n<td data-label="'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'met_share'))
        yield '">'
        yield escape(environment.call(context, (undefined(name='percent') if l_0_percent is missing else l_0_percent), environment.getattr(l_1_row, 'met_share'), _loop_vars=_loop_vars))
        if environment.getattr(l_1_row, 'measured'):
            pass
            yield ' <span class="muted">('
            yield escape(environment.getattr(l_1_row, 'met'))
            yield '/'
            yield escape(environment.getattr(l_1_row, 'measured'))
            yield ')</span>'
        yield '</td>\n</tr>\n'
    l_1_row = missing
    yield '</tbody>\n</table>\n</div>\n</section>\n<section aria-labelledby="faster">\n<h2 id="faster">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'q_faster'))
    yield '</h2>\n<p>'
    yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'q_faster_text'), 'format'), period=(undefined(name='period_word') if l_0_period_word is missing else l_0_period_word), _block_vars=_block_vars))
    yield '</p>\n'
    for l_1_f in (undefined(name='trend_figures') if l_0_trend_figures is missing else l_0_trend_figures):
        _loop_vars = {}
        pass
        yield escape(environment.call(context, (undefined(name='figure') if l_0_figure is missing else l_0_figure), l_1_f, _loop_vars=_loop_vars))
        yield '\n'
    l_1_f = missing
    yield '</section>\n<section aria-labelledby="spread-heading">\n<h2 id="spread-heading">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'q_spread'))
    yield '</h2>\n<p>'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'q_spread_text'))
    yield '</p>\n'
    yield escape(environment.call(context, (undefined(name='figure') if l_0_figure is missing else l_0_figure), (undefined(name='spread_figure') if l_0_spread_figure is missing else l_0_spread_figure), _block_vars=_block_vars))
    yield '\n</section>\n<section aria-labelledby="breaches">\n<h2 id="breaches">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'q_missed'))
    yield '</h2>\n'
    l_0_total = t_2(environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'breaches'))
    _block_vars['total'] = l_0_total
    if (undefined(name='breach_rows') if l_0_breach_rows is missing else l_0_breach_rows):
        pass
        if ((undefined(name='total') if l_0_total is missing else l_0_total) > t_2((undefined(name='breach_rows') if l_0_breach_rows is missing else l_0_breach_rows))):
            pass
            yield '<p>'
            yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'missed_shown'), 'format'), shown=t_2((undefined(name='breach_rows') if l_0_breach_rows is missing else l_0_breach_rows)), total=(undefined(name='total') if l_0_total is missing else l_0_total), _block_vars=_block_vars))
            yield '</p>'
        yield '<div class="chart-table" role="group" tabindex="0" aria-labelledby="breaches-caption">\n<table class="data-table breaches">\n<caption id="breaches-caption">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'breaches'))
        yield '</caption>\n<thead><tr><th scope="col">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'incident'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'date'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'level'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'target'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'response'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'over_by'))
        yield '</th></tr></thead>\n<tbody>\n'
        for (l_1_incident, l_1_day, l_1_level, l_1_target, l_1_response, l_1_excess) in (undefined(name='breach_rows') if l_0_breach_rows is missing else l_0_breach_rows):
            _loop_vars = {}
            pass
            yield '<tr><th scope="row"><a href="'
            yield escape(environment.getattr(l_1_incident, 'id'))
            yield '.html">'
            yield escape(environment.getattr(l_1_incident, 'id'))
            yield '</a> '
            yield escape(t_4(environment.getattr(l_1_incident, 'title')))
            yield '</th><td data-label="'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'date'))
            yield '">'
            yield escape(l_1_day)
            yield '</td><td data-label="'
            yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'level'))
            yield '">'
            yield escape(l_1_level)
            yield '</td><td data-label="'
            yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'target'))
            yield '">&lt; '
            yield escape(l_1_target)
            yield '</td><td data-label="'
            yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'response'))
            yield '">'
            yield escape(l_1_response)
            yield '</td><td data-label="'
            yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'over_by'))
            yield '">+ '
            yield escape(l_1_excess)
            yield '</td></tr>\n'
        l_1_incident = l_1_day = l_1_level = l_1_target = l_1_response = l_1_excess = missing
        yield '</tbody>\n</table>\n</div>\n'
    else:
        pass
        yield '<p>'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_breach'))
        yield '</p>\n'
    yield '</section>\n<section aria-labelledby="per-period-heading">\n<h2 id="per-period-heading">'
    yield escape(environment.getattr((undefined(name='period_figure') if l_0_period_figure is missing else l_0_period_figure), 'title'))
    yield '</h2>\n'
    yield escape(environment.call(context, (undefined(name='figure') if l_0_figure is missing else l_0_figure), (undefined(name='period_figure') if l_0_period_figure is missing else l_0_period_figure), _block_vars=_block_vars))
    yield '\n</section>\n<section aria-labelledby="recurring">\n<h2 id="recurring">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'q_recurring'))
    yield '</h2>\n'
    for l_1_f in (undefined(name='recurrence_figures') if l_0_recurrence_figures is missing else l_0_recurrence_figures):
        _loop_vars = {}
        pass
        yield escape(environment.call(context, (undefined(name='figure') if l_0_figure is missing else l_0_figure), l_1_f, _loop_vars=_loop_vars))
        yield '\n'
    l_1_f = missing
    yield '</section>\n<section aria-labelledby="closing">\n<h2 id="closing">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'q_actions'))
    yield '</h2>\n<p>'
    yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'q_actions_text'), 'format'), period=(undefined(name='period_word') if l_0_period_word is missing else l_0_period_word), date=environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), (undefined(name='today') if l_0_today is missing else l_0_today), _block_vars=_block_vars), _block_vars=_block_vars))
    yield '</p>\n'
    l_1_loop = missing
    for l_1_f, l_1_loop in LoopContext((undefined(name='action_figures') if l_0_action_figures is missing else l_0_action_figures), undefined):
        _loop_vars = {}
        pass
        if environment.getattr(environment.getattr(l_1_f, 'table'), 'rows'):
            pass
            yield escape(environment.call(context, (undefined(name='figure') if l_0_figure is missing else l_0_figure), l_1_f, _loop_vars=_loop_vars))
        elif environment.getattr(l_1_loop, 'last'):
            pass
            yield '<p>'
            yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_overdue'))
            yield '</p>'
    l_1_loop = l_1_f = missing
    yield '</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=13&2=16&4=25&5=33&6=42&8=45&9=52&11=54&12=59&14=72&22=104&23=115&24=165&25=167&26=172&27=174&29=177&31=179&32=183&33=187&34=199&35=207&36=213&40=223&42=230&45=246&47=250&48=254&49=258&50=279&51=283&59=296&60=298&61=300&65=307&66=309&67=311&70=313&71=315&72=317&73=319&76=325&77=327&79=339&80=343&86=374&90=377&91=379&94=381&95=383&99=390&100=392&101=395'