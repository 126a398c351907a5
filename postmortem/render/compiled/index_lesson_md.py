from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index-lesson.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_text = resolve('text')
    l_0_t = resolve('t')
    l_0_kind = resolve('kind')
    l_0_ids = resolve('ids')
    l_0_recurrence = resolve('recurrence')
    l_0_s = resolve('s')
    l_0_themes = resolve('themes')
    l_0_c = resolve('c')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_4 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    pass
    yield '- '
    yield str(t_4((undefined(name='text') if l_0_text is missing else l_0_text)))
    yield ' — *'
    yield str(environment.getitem((undefined(name='t') if l_0_t is missing else l_0_t), (undefined(name='kind') if l_0_kind is missing else l_0_kind)))
    yield '*, '
    yield str(t_1(context.eval_ctx, t_3(context, (undefined(name='ids') if l_0_ids is missing else l_0_ids), 'md_link'), ', '))
    yield str((environment.joined(str_join, (' (', environment.call(context, environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'recurring'), 'format'), count=(undefined(name='recurrence') if l_0_recurrence is missing else l_0_recurrence)), ')', )) if ((undefined(name='recurrence') if l_0_recurrence is missing else l_0_recurrence) > 1) else ''))
    yield str((environment.joined(str_join, (' · ', environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'themes'), (undefined(name='c') if l_0_c is missing else l_0_c), ' ', t_1(context.eval_ctx, t_3(context, (undefined(name='themes') if l_0_themes is missing else l_0_themes), 'md_cell'), ', '), )) if (t_2((undefined(name='themes') if l_0_themes is missing else l_0_themes)) > 1) else ''))
    yield '\n'

blocks = {}
debug_info = '2=44'