from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'init/ci-gitlab.yml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_workflow = resolve('workflow')
    l_0_paths = resolve('paths')
    l_0_needs_git = resolve('needs_git')
    l_0_cd = resolve('cd')
    l_0_install = resolve('install')
    l_0_report = resolve('report')
    try:
        t_1 = environment.filters['yaml']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'yaml' found.")
    pass
    yield '# pm: check post-mortems on every merge request; on the default branch, render them and publish the\n# site with GitLab Pages. Written by `pm init --ci gitlab`.\nstages: [check, publish]\n\nvariables:\n  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"\n\ndefault:\n  image: python:3.12-slim\n  # pip\'s downloads are kept between pipelines, until this file changes.\n  cache:\n    key:\n      files: ['
    yield str(t_1((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow)))
    yield ']\n    paths: [.cache/pip]\n\ncheck:\n  stage: check\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n'
    if (undefined(name='paths') if l_0_paths is missing else l_0_paths):
        pass
        yield '      changes: ['
        l_1_loop = missing
        for l_1_path, l_1_loop in LoopContext((undefined(name='paths') if l_0_paths is missing else l_0_paths), undefined):
            _loop_vars = {}
            pass
            yield str(t_1(l_1_path))
            yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 21 in 'init/ci-gitlab.yml.j2' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_path = missing
        yield ']\n'
    yield '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n'
    if (undefined(name='paths') if l_0_paths is missing else l_0_paths):
        pass
        yield '      changes: ['
        l_1_loop = missing
        for l_1_path, l_1_loop in LoopContext((undefined(name='paths') if l_0_paths is missing else l_0_paths), undefined):
            _loop_vars = {}
            pass
            yield str(t_1(l_1_path))
            yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 25 in 'init/ci-gitlab.yml.j2' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_path = missing
        yield ']\n'
    yield '  script:\n'
    if (undefined(name='needs_git') if l_0_needs_git is missing else l_0_needs_git):
        pass
        yield '    - apt-get update && apt-get install -y --no-install-recommends git\n'
    if (undefined(name='cd') if l_0_cd is missing else l_0_cd):
        pass
        yield '    - '
        yield str(t_1((undefined(name='cd') if l_0_cd is missing else l_0_cd)))
        yield '\n'
    yield '    - '
    yield str(t_1((undefined(name='install') if l_0_install is missing else l_0_install)))
    yield "\n    # The merge request's Code Quality widget shows each problem; when there are any, the log lists them too.\n    - pm check --format gitlab > gl-code-quality-report.json || { pm check; exit 1; }\n  artifacts:\n    when: always\n    reports:\n      codequality: "
    yield str(t_1((undefined(name='report') if l_0_report is missing else l_0_report)))
    yield '\n\npages:\n  stage: publish\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n'
    if (undefined(name='paths') if l_0_paths is missing else l_0_paths):
        pass
        yield '      changes: ['
        l_1_loop = missing
        for l_1_path, l_1_loop in LoopContext((undefined(name='paths') if l_0_paths is missing else l_0_paths), undefined):
            _loop_vars = {}
            pass
            yield str(t_1(l_1_path))
            yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 47 in 'init/ci-gitlab.yml.j2' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_path = missing
        yield ']\n'
    yield '  script:\n    # Pango draws the PDF reports, with fonts for every script (Noto CJK for Chinese, Japanese, Korean).\n    - apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk'
    yield str((' git' if (undefined(name='needs_git') if l_0_needs_git is missing else l_0_needs_git) else cond_expr_undefined("the inline if-expression on line 51 in 'init/ci-gitlab.yml.j2' evaluated to false and no else section was defined.")))
    yield '\n'
    if (undefined(name='cd') if l_0_cd is missing else l_0_cd):
        pass
        yield '    - '
        yield str(t_1((undefined(name='cd') if l_0_cd is missing else l_0_cd)))
        yield '\n    - '
        yield str(t_1((undefined(name='install') if l_0_install is missing else l_0_install)))
        yield '\n    - pm render --out "$CI_PROJECT_DIR/public"\n'
    else:
        pass
        yield '    - '
        yield str(t_1((undefined(name='install') if l_0_install is missing else l_0_install)))
        yield '\n    - pm render --out public\n'
    yield '  artifacts:\n    paths:\n      - public\n'

blocks = {}
debug_info = '13=24&20=26&21=30&24=38&25=42&28=50&31=53&32=56&34=59&40=61&46=63&47=67&51=75&52=77&53=80&54=82&57=87'