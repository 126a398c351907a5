from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'init/risks.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield '# Risk register: the risks the team knows of. Incidents list the ones they materialised\n# under `risks:`, and the site draws them as a probability x impact matrix.\nrisks:\n  - id: database-outage\n    title: Primary database unavailable\n    probability: low        # very-low, low, medium, high, very-high\n    impact: P1              # the severity level it would cause\n    severity: high          # low, medium, high, critical\n    mitigation: Replica with automatic failover; restore drill every quarter.\n'

blocks = {}
debug_info = ''