from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/action-row.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_action = resolve('action')
    l_0_overdue = resolve('overdue')
    l_0_s = resolve('s')
    l_0_incident = resolve('incident')
    l_0_t = resolve('t')
    l_0_fmt = resolve('fmt')
    try:
        t_1 = environment.filters['href']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'href' found.")
    try:
        t_2 = environment.filters['inline_markdown']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'inline_markdown' found.")
    try:
        t_3 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    yield '<tr class="action-'
    yield escape(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'status'))
    if (undefined(name='overdue') if l_0_overdue is missing else l_0_overdue):
        pass
        yield ' overdue'
    yield '">\n<td class="card-title">'
    if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'link'):
        pass
        yield '<a href="'
        yield escape(t_1(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'link')))
        yield '" rel="nofollow noopener noreferrer">'
        yield escape(t_3(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'what')))
        yield '</a>'
    else:
        pass
        yield escape(t_2(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'what')))
    if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'note'):
        pass
        yield '<div class="note">'
        yield escape(t_2(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'note')))
        yield '</div>'
    yield '</td>\n<td data-label="'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'incident'))
    yield '"><a href="'
    yield escape((undefined(name='incident') if l_0_incident is missing else l_0_incident))
    yield '.html">'
    yield escape((undefined(name='incident') if l_0_incident is missing else l_0_incident))
    yield '</a></td>\n<td data-label="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'owner'))
    yield '">'
    if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'owner'):
        pass
        yield escape(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'owner'))
    else:
        pass
        yield '<em class="'
        yield escape(('unassigned' if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'unassigned') else 'no-owner'))
        yield '">'
        yield escape((environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'unassigned') if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'unassigned') else environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'no_owner')))
        yield '</em>'
    yield '</td>\n<td data-label="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'due'))
    yield '">'
    if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'due'):
        pass
        yield '<time datetime="'
        yield escape((environment.getattr(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'due'), 'last') if (environment.getattr(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'due'), 'period') == 'quarter') else environment.getattr(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'due'), 'text')))
        yield '">'
        yield escape(environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'due'), environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'due')))
        yield '</time>'
    yield '</td>\n<td data-label="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'status'))
    yield '"><span class="action-status">'
    yield escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action_statuses'), environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'status')))
    yield '</span>'
    if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'as_of'):
        pass
        yield ' <span class="as-of">'
        yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'as_of'), 'format'), date=environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'as_of'), 'medium')))
        yield '</span>'
    if (undefined(name='overdue') if l_0_overdue is missing else l_0_overdue):
        pass
        yield ' <strong class="flag-overdue">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'overdue'))
        yield '</strong>'
    yield '</td>\n</tr>\n'

blocks = {}
debug_info = '2=36&3=41&4=57&5=63&6=76&7=86'