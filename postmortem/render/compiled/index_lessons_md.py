from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index/lessons.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_t = resolve('t')
    l_0_team_lessons = resolve('team_lessons')
    l_0_themes = resolve('themes')
    l_0_s = resolve('s')
    l_0_level = resolve('level')
    l_0_c = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_3 = environment.filters['md_cell']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_cell' found.")
    pass
    l_0_c = environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    if ((undefined(name='team_lessons') if l_0_team_lessons is missing else l_0_team_lessons) or (undefined(name='themes') if l_0_themes is missing else l_0_themes)):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'lessons'))
        yield '\n'
    if (undefined(name='team_lessons') if l_0_team_lessons is missing else l_0_team_lessons):
        pass
        yield '\n'
        l_1_loop = missing
        for l_1_lesson, l_1_loop in LoopContext((undefined(name='team_lessons') if l_0_team_lessons is missing else l_0_team_lessons), undefined):
            _loop_vars = {}
            pass
            yield str(environment.getattr(l_1_loop, 'index'))
            yield '. '
            yield str(t_3(environment.getattr(l_1_lesson, 'text')))
            yield ' — '
            yield str(t_1(context.eval_ctx, t_2(context, environment.getattr(l_1_lesson, 'ids'), 'md_link'), ', '))
            yield str((environment.joined(str_join, (' (', environment.call(context, environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'recurring'), 'format'), count=environment.getattr(l_1_lesson, 'recurrence'), _loop_vars=_loop_vars), ')', )) if (environment.getattr(l_1_lesson, 'recurrence') > 1) else ''))
            yield '\n'
        l_1_loop = l_1_lesson = missing
        if (undefined(name='themes') if l_0_themes is missing else l_0_themes):
            pass
            yield '\n### '
            yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'by_theme'))
            yield '\n'
    if (undefined(name='themes') if l_0_themes is missing else l_0_themes):
        pass
        l_0_level = ('####' if (undefined(name='team_lessons') if l_0_team_lessons is missing else l_0_team_lessons) else '###')
        context.vars['level'] = l_0_level
        context.exported_vars.add('level')
        for l_1_theme in (undefined(name='themes') if l_0_themes is missing else l_0_themes):
            l_1_fragments = resolve('fragments')
            _loop_vars = {}
            pass
            yield '\n'
            yield str((undefined(name='level') if l_0_level is missing else l_0_level))
            yield ' '
            yield str(t_3((environment.getattr(l_1_theme, 'name') or environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_theme'))))
            yield '\n\n'
            yield str(environment.call(context, (undefined(name='fragments') if l_1_fragments is missing else l_1_fragments), 'index-lesson.md.j2', environment.getattr(l_1_theme, 'lessons'), {'text': 'text', 'kind': 'kind', 'themes': 'themes', 'recurrence': 'recurrence', 'ids': 'ids'}, c=(undefined(name='c') if l_0_c is missing else l_0_c), _loop_vars=_loop_vars))
        l_1_theme = l_1_fragments = missing

blocks = {}
debug_info = '2=35&3=38&5=41&7=43&9=47&10=50&12=58&14=61&17=63&18=65&19=68&21=73&23=77'