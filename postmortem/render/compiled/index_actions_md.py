from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index/actions.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_t = resolve('t')
    l_0_ledger = resolve('ledger')
    l_0_s = resolve('s')
    l_0_fragments = resolve('fragments')
    l_0_c = missing
    try:
        t_1 = environment.filters['int']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'int' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['md_row']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_row' found.")
    try:
        t_4 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    try:
        t_5 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_c = environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    if environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'lines'):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'actions'))
        yield '\n\n'
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'total'))
        yield str((undefined(name='c') if l_0_c is missing else l_0_c))
        yield ' '
        yield str(t_2(environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'lines')))
        yield ' · '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'overdue_count'))
        yield str((undefined(name='c') if l_0_c is missing else l_0_c))
        yield ' '
        yield str(environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'overdue'))
        yield ' · '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'completion'))
        yield str((undefined(name='c') if l_0_c is missing else l_0_c))
        yield ' '
        yield str((environment.joined(str_join, (t_1(t_4(environment.call_binop(context, '*', environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'completion'), 100))), ' %', )) if (not t_5(environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'completion'))) else '—'))
        yield '\n\n'
        yield str(t_3([environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'action'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'incident'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'owner'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'due'), environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'status')]))
        yield '\n'
        yield str(t_3(environment.call_binop(context, '*', ['---'], 5)))
        yield '\n'
        yield str(environment.call(context, (undefined(name='fragments') if l_0_fragments is missing else l_0_fragments), 'index-action.md.j2', environment.getattr((undefined(name='ledger') if l_0_ledger is missing else l_0_ledger), 'lines'), {'action': 'action', 'incident': 'incident.id', 'overdue': 'overdue'}))

blocks = {}
debug_info = '2=46&3=49&5=52&7=54&9=69&10=71&11=73'