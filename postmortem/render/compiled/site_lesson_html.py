from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/lesson.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_kind = resolve('kind')
    l_0_recurrence = resolve('recurrence')
    l_0_t = resolve('t')
    l_0_text = resolve('text')
    l_0_s = resolve('s')
    l_0_ids = resolve('ids')
    l_0_fmt = resolve('fmt')
    l_0_themes = resolve('themes')
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
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<li class="lesson '
    yield escape((undefined(name='kind') if l_0_kind is missing else l_0_kind))
    if ((undefined(name='recurrence') if l_0_recurrence is missing else l_0_recurrence) > 1):
        pass
        yield ' recurring'
    yield '">\n<span class="lesson-kind">'
    yield escape(environment.getitem((undefined(name='t') if l_0_t is missing else l_0_t), (undefined(name='kind') if l_0_kind is missing else l_0_kind)))
    yield '</span>\n<span class="lesson-text">'
    yield escape(t_1((undefined(name='text') if l_0_text is missing else l_0_text)))
    yield '</span>\n<span class="lesson-sources">'
    yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'taught_by'))
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon'))
    yield ' '
    l_1_loop = missing
    for l_1_id, l_1_loop in LoopContext((undefined(name='ids') if l_0_ids is missing else l_0_ids), undefined):
        _loop_vars = {}
        pass
        yield '<a href="'
        yield escape(l_1_id)
        yield '.html">'
        yield escape(l_1_id)
        yield '</a>'
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ', '
    l_1_loop = l_1_id = missing
    if ((undefined(name='recurrence') if l_0_recurrence is missing else l_0_recurrence) > 1):
        pass
        yield ' <strong class="recurs">('
        yield escape(environment.call(context, environment.getattr((undefined(name='fmt') if l_0_fmt is missing else l_0_fmt), 'plural'), (undefined(name='s') if l_0_s is missing else l_0_s), 'recurring', (undefined(name='recurrence') if l_0_recurrence is missing else l_0_recurrence)))
        yield ')</strong>'
    yield '</span>\n'
    if (t_3((undefined(name='themes') if l_0_themes is missing else l_0_themes)) > 1):
        pass
        yield '<span class="lesson-themes">'
        yield escape(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'themes'))
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'colon'))
        yield ' '
        yield escape(t_2(context.eval_ctx, (undefined(name='themes') if l_0_themes is missing else l_0_themes), ', '))
        yield '</span>'
    yield '</li>\n'

blocks = {}
debug_info = '2=38&3=43&4=45&5=47&6=69'