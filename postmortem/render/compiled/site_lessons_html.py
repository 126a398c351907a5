from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/lessons.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('site/layout.html.j2', 'site/lessons.html.j2')
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
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'lessons'))

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
    l_0_team_lessons = resolve('team_lessons')
    l_0_themes = resolve('themes')
    try:
        t_1 = environment.filters['inline_markdown']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'inline_markdown' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'lessons'))
    yield '</h1>\n'
    if (not (undefined(name='rows') if l_0_rows is missing else l_0_rows)):
        pass
        yield '<p class="empty">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_incidents'))
        yield '</p>'
    if (undefined(name='team_lessons') if l_0_team_lessons is missing else l_0_team_lessons):
        pass
        yield '<ol class="team-lessons">\n'
        l_1_loop = missing
        for l_1_lesson, l_1_loop in LoopContext((undefined(name='team_lessons') if l_0_team_lessons is missing else l_0_team_lessons), undefined):
            _loop_vars = {}
            pass
            yield '<li><span class="lesson-text">'
            yield escape(t_1(environment.getattr(l_1_lesson, 'text')))
            yield '</span> <span class="lesson-sources">— '
            l_2_loop = missing
            for l_2_id, l_2_loop in LoopContext(environment.getattr(l_1_lesson, 'ids'), undefined):
                _loop_vars = {}
                pass
                yield '<a href="'
                yield escape(l_2_id)
                yield '.html">'
                yield escape(l_2_id)
                yield '</a>'
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield ', '
            l_2_loop = l_2_id = missing
            if (environment.getattr(l_1_lesson, 'recurrence') > 1):
                pass
                yield ' <strong class="recurs">('
                yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'recurring'), 'format'), count=environment.getattr(l_1_lesson, 'recurrence'), _loop_vars=_loop_vars))
                yield ')</strong>'
            yield '</span></li>\n'
        l_1_loop = l_1_lesson = missing
        yield '</ol>\n'
        if (undefined(name='themes') if l_0_themes is missing else l_0_themes):
            pass
            yield '<h2 id="by-theme">'
            yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'by_theme'))
            yield '</h2>'
    l_1_loop = missing
    for l_1_theme, l_1_loop in LoopContext((undefined(name='themes') if l_0_themes is missing else l_0_themes), undefined):
        l_1_fmt = resolve('fmt')
        l_1_fragments = resolve('fragments')
        l_1_heading = missing
        _loop_vars = {}
        pass
        yield '<section aria-labelledby="theme-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '" class="theme">\n'
        l_1_heading = ('h3' if (undefined(name='team_lessons') if l_0_team_lessons is missing else l_0_team_lessons) else 'h2')
        _loop_vars['heading'] = l_1_heading
        yield '<'
        yield escape((undefined(name='heading') if l_1_heading is missing else l_1_heading))
        yield ' id="theme-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '">'
        yield escape((environment.getattr(l_1_theme, 'name') or environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'no_theme')))
        yield ' <span class="muted">('
        yield escape(environment.call(context, environment.getattr((undefined(name='fmt') if l_1_fmt is missing else l_1_fmt), 'plural'), (undefined(name='s') if l_0_s is missing else l_0_s), 'theme_incidents', environment.getattr(l_1_theme, 'incidents'), _loop_vars=_loop_vars))
        yield ')</span></'
        yield escape((undefined(name='heading') if l_1_heading is missing else l_1_heading))
        yield '>\n<ul class="lessons-list">\n'
        yield escape(environment.call(context, (undefined(name='fragments') if l_1_fragments is missing else l_1_fragments), 'site/lesson.html.j2', environment.getattr(l_1_theme, 'lessons'), {'text': 'text', 'kind': 'kind', 'themes': 'themes', 'recurrence': 'recurrence', 'ids': 'ids'}, _loop_vars=_loop_vars))
        yield '</ul>\n</section>\n'
    l_1_loop = l_1_theme = l_1_heading = l_1_fmt = l_1_fragments = missing

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&4=48&5=50&6=55&8=59&9=63&12=86&14=92&15=99&16=101&17=104&19=114'