from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'init/gitignore.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield '# Built by `pm render`\n/site/\n# Beside it: the next output being written, the last one being swapped out and removed, or kept as a spare\n# that the next build fills again\n/.site.tmp-*/\n/.site.old-*/\n/.site.del-*/\n/.site.spare-*/\n'

blocks = {}
debug_info = ''