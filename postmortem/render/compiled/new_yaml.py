from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'new.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_id = resolve('id')
    l_0_title = resolve('title')
    l_0_date = resolve('date')
    l_0_config = resolve('config')
    l_0_severity = resolve('severity')
    l_0_opened = resolve('opened')
    try:
        t_1 = environment.filters['one_line']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'one_line' found.")
    try:
        t_2 = environment.filters['yaml']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'yaml' found.")
    pass
    yield '# Post-mortem '
    yield str(t_1((undefined(name='id') if l_0_id is missing else l_0_id)))
    yield ': '
    yield str(t_1((undefined(name='title') if l_0_title is missing else l_0_title)))
    yield '\n# Every field is explained below. Prose fields accept Markdown. Fill in what you know now;\n# a draft may stay partial, `pm check` tells you what a final write-up still needs.\n# Reference of every field: docs/incident-format.md (or `pm schema`).\n\nid: '
    yield str(t_2((undefined(name='id') if l_0_id is missing else l_0_id)))
    yield '\ntitle: '
    yield str(t_2((undefined(name='title') if l_0_title is missing else l_0_title)))
    yield '\nstatus: draft            # draft -> in-review -> final\ndate: '
    yield str((undefined(name='date') if l_0_date is missing else l_0_date))
    yield '         # day the incident started, YYYY-MM-DD\nauthors: []              # who writes this post-mortem, e.g. [Alice Martin, Bob Durand]\n# Severity, one of:'
    l_1_loop = missing
    for l_1_level, l_1_loop in LoopContext(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'severities'), undefined):
        _loop_vars = {}
        pass
        yield ' '
        yield str(environment.getattr(l_1_level, 'id'))
        yield ' ('
        yield str(environment.getattr(l_1_level, 'name'))
        if environment.getattr(l_1_level, 'response'):
            pass
            yield ', respond < '
            yield str(environment.getattr(l_1_level, 'response'))
        yield ')'
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ','
    l_1_loop = l_1_level = missing
    yield '\nseverity: '
    yield str(((undefined(name='severity') if l_0_severity is missing else l_0_severity) if (undefined(name='severity') if l_0_severity is missing else l_0_severity) else ''))
    yield '\ntags: []                 # themes, used to group lessons, e.g. [database, deploy]\ncomponents: []           # affected systems, e.g. [checkout-api, postgres]\n# timezone: '
    yield str(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'timezone'))
    yield '   # zone of timeline times that give none (default from the config)\n# language: '
    yield str(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'language'))
    yield '   # en or fr, to override the config for this write-up\n\nsummary:                 # what happened, in a few sentences\n\nimpact:\n  description:           # who and what was affected, in prose\n  users_affected:        # a number, ~50000000 (about) or 800-1000 (a range)\n  downtime:              # e.g. 45min, 2h, 1h30\n  data_loss:             # in words, e.g. "none" or "6 hours of writes"\n  figures: []            # other figures: - {label: "Requests failed", value: "85%"}\n\ndetection:               # how it was noticed (alert, customer report...)\ntrigger:                 # the event that set it off\nroot_cause:              # why it happened: the conditions, not just the person\ncontributing_factors: [] # what made it worse or more likely\nresolution:              # how service was restored\ntime_spent:              # hands-on time, e.g. 2h, 1h30, 30min\n\n# Timeline, in order. `at` may be `2024-03-01 13:42`, `13:42` (same day as the entry before),\n# `~13:45` (approximate), a date alone, or `unknown`; add a zone (UTC, +02:00, Europe/Paris) if needed.\n# Mark milestones to get time to detect / acknowledge / mitigate / resolve:\n# started, detected, acknowledged, mitigated, resolved.\ntimeline:\n  - at: "'
    yield str((undefined(name='opened') if l_0_opened is missing else l_0_opened))
    yield '"\n    text: "Post-mortem opened."\n\nresponders: []           # - {name: Alice Martin, role: incident commander}\n\n# Corrective and preventive actions:\n# - what: Alert on replication lag\n#   kind: detect          # detect, mitigate, prevent, repair, investigate, process\n#   owner: Bob Durand     # or `unassigned: true` when the source names no owner\n#   due: 2024-04-01\n#   status: open          # open, in-progress, blocked, done, cancelled (or planned, ongoing, completed, won\'t do)\n#   as_of: 2024-03-15     # for a write-up of the past: the day the status was last known\n#   link: https://tracker.example/TICKET-1\nactions: []\n\nlessons:\n  went_well: []\n  went_wrong: []\n  lucky: []\n  to_keep: []            # lessons to keep; `- {text: ..., id: a-shared-key, tags: [themes]}`: an id marks one that recurs\n\nrelated: []              # ids of related incidents, e.g. [INC-007]\nrisks: []                # ids from the risk register that this incident materialised\nreferences: []           # - {title: Status page post, url: https://..., kind: status-page}\nnotes:                   # anything else worth keeping (Markdown), shown as "Other notes"\n\n# Publishing outside the team (`pm render --audience public`) leaves out what is marked internal:\n# `internal: true` here (the whole incident), or a list of fields such as [responders, impact.users_affected];\n# `internal: true` on a timeline entry, action, responder, reference, figure or lesson; and, in any Markdown\n# text, the lines between `::: internal` and `:::`.\ninternal: false\n'

blocks = {}
debug_info = '1=30&6=34&7=36&9=38&11=41&12=58&15=60&16=62&39=64'