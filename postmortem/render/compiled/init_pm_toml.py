from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'init/pm.toml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_language = resolve('language')
    l_0_timezone = resolve('timezone')
    l_0_config = resolve('config')
    try:
        t_1 = environment.filters['yaml']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'yaml' found.")
    pass
    yield '# pm configuration. Every setting is optional; see the configuration page of the pm docs.\ntitle = "Post-mortems"\nlanguage = "'
    yield str((undefined(name='language') if l_0_language is missing else l_0_language))
    yield '"              # en or fr: labels, dates and durations in reports\ntimezone = '
    yield str(t_1((undefined(name='timezone') if l_0_timezone is missing else l_0_timezone)))
    yield '         # zone of timeline times that give none\nincidents = "incidents"              # one YAML file per incident\noutput = "site"                      # what `pm render` writes\ntemplates = "templates"              # your template overrides, by name\nrisks = "risks.yaml"                 # the risk register\nrunbooks = "runbooks"                # response procedures (Markdown with a front matter)\npages = "pages"                      # free Markdown pages for the site\n# site_url = "https://example.org/postmortems/"   # for absolute links in the Atom feed\nid_prefix = "INC-"                   # ids handed out by `pm new`\nschema_file = "incident.schema.json" # JSON Schema for editors; refresh with `pm schema --write`\n'
    for l_1_level in environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'severities'):
        _loop_vars = {}
        pass
        yield '\n[[severities]]\nid = "'
        yield str(environment.getattr(l_1_level, 'id'))
        yield '"\nname = '
        yield str(t_1(environment.getattr(l_1_level, 'name')))
        yield '\ndescription = '
        yield str(t_1(environment.getattr(l_1_level, 'description')))
        yield '\n'
        if environment.getattr(l_1_level, 'response'):
            pass
            yield 'response = "'
            yield str(environment.getattr(l_1_level, 'response'))
            yield '"    # target response time\n'
        else:
            pass
            yield '# no response target: planned work\n'
        yield 'postmortem = '
        yield str(('true' if environment.getattr(l_1_level, 'postmortem') else 'false'))
        yield '    # true: a final write-up needs timeline, actions and lessons\n'
    l_1_level = missing

blocks = {}
debug_info = '3=21&4=23&14=25&16=29&17=31&18=33&19=35&21=44'