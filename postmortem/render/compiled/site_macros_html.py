from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/macros.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_incident_link = l_0_minutes = l_0_percent = l_0_severity_badge = missing
    try:
        t_1 = environment.filters['int']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'int' found.")
    try:
        t_2 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    try:
        t_3 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_incident):
        t_4 = []
        if l_1_incident is missing:
            l_1_incident = undefined("parameter 'incident' was not provided", name='incident')
        pass
        t_4.extend((
            '<a href="',
            escape(environment.getattr(l_1_incident, 'id')),
            '.html">',
            escape(environment.getattr(l_1_incident, 'id')),
            '</a>',
        ))
        return concat(t_4)
    context.exported_vars.add('incident_link')
    context.vars['incident_link'] = l_0_incident_link = Macro(environment, macro, 'incident_link', ('incident',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_value, l_1_fmt, l_1_approximate):
        t_5 = []
        if l_1_value is missing:
            l_1_value = undefined("parameter 'value' was not provided", name='value')
        if l_1_fmt is missing:
            l_1_fmt = undefined("parameter 'fmt' was not provided", name='fmt')
        if l_1_approximate is missing:
            l_1_approximate = False
        pass
        t_5.append(
            escape((environment.call(context, environment.getattr(l_1_fmt, 'duration'), t_1(t_2(l_1_value)), l_1_approximate) if (not t_3(l_1_value)) else '—')),
        )
        return concat(t_5)
    context.exported_vars.add('minutes')
    context.vars['minutes'] = l_0_minutes = Macro(environment, macro, 'minutes', ('value', 'fmt', 'approximate'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_value):
        t_6 = []
        if l_1_value is missing:
            l_1_value = undefined("parameter 'value' was not provided", name='value')
        pass
        t_6.append(
            escape((environment.joined(markup_join, (t_1(t_2(environment.call_binop(context, '*', l_1_value, 100))), ' %', )) if (not t_3(l_1_value)) else '—')),
        )
        return concat(t_6)
    context.exported_vars.add('percent')
    context.vars['percent'] = l_0_percent = Macro(environment, macro, 'percent', ('value',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_level, l_1_rank):
        t_7 = []
        if l_1_level is missing:
            l_1_level = undefined("parameter 'level' was not provided", name='level')
        if l_1_rank is missing:
            l_1_rank = undefined("parameter 'rank' was not provided", name='rank')
        pass
        if l_1_level:
            pass
            t_7.extend((
                '<span class="badge severity severity-',
                escape(l_1_rank),
                '">',
                escape(environment.getattr(l_1_level, 'id')),
                '</span>',
            ))
        return concat(t_7)
    context.exported_vars.add('severity_badge')
    context.vars['severity_badge'] = l_0_severity_badge = Macro(environment, macro, 'severity_badge', ('level', 'rank'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=30&3=37&5=45&6=55&8=60&9=66&11=71&12=78'