from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index-action.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_action = resolve('action')
    l_0_incident = resolve('incident')
    l_0_t = resolve('t')
    l_0_fmt = resolve('fmt')
    l_0_overdue = resolve('overdue')
    try:
        t_1 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    try:
        t_2 = environment.filters['md_link']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'md_link' found.")
    try:
        t_3 = environment.filters['md_row']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_row' found.")
    pass
    yield str(t_3([t_1(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'what')), t_2((undefined(name='incident') if l_0_incident is missing else l_0_incident)), (t_1(environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'owner')) if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'owner') else environment.joined(str_join, ('*', (environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'unassigned') if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'unassigned') else environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'no_owner')), '*', ))), (environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'due'), environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'due')) if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'due') else ''), environment.joined(str_join, (environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action_statuses'), environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'status')), (environment.joined(str_join, (' ', environment.call(context, environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'as_of'), 'format'), date=environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'date'), environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'as_of'), 'medium')), )) if environment.getattr((undefined(name='action') if l_0_action is missing else l_0_action), 'as_of') else ''), (environment.joined(str_join, (' — **', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'overdue'), '**', )) if (undefined(name='overdue') if l_0_overdue is missing else l_0_overdue) else ''), ))]))
    yield '\n'

blocks = {}
debug_info = '8=34'