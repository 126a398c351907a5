from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'init/ci-github.yml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_paths = resolve('paths')
    l_0_folder = resolve('folder')
    l_0_workflow = resolve('workflow')
    l_0_install = resolve('install')
    l_0_output = resolve('output')
    l_0_site = resolve('site')
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
    yield '# pm: check post-mortems on every pull request; on the main branch, render them and publish the site\n# with GitHub Pages (Settings > Pages > Source: GitHub Actions). Written by `pm init --ci github`.\nname: post-mortems\n\non:\n'
    if (undefined(name='paths') if l_0_paths is missing else l_0_paths):
        pass
        yield '  pull_request:\n    paths:\n'
        for l_1_path in (undefined(name='paths') if l_0_paths is missing else l_0_paths):
            _loop_vars = {}
            pass
            yield '      - '
            yield str(t_2(l_1_path))
            yield '\n'
        l_1_path = missing
        yield '  push:\n    branches: [main]\n    paths:\n'
        for l_1_path in (undefined(name='paths') if l_0_paths is missing else l_0_paths):
            _loop_vars = {}
            pass
            yield '      - '
            yield str(t_2(l_1_path))
            yield '\n'
        l_1_path = missing
    else:
        pass
        yield '  pull_request:\n  push:\n    branches: [main]\n'
    yield '  workflow_dispatch:\n\npermissions:\n  contents: read\n'
    if (undefined(name='folder') if l_0_folder is missing else l_0_folder):
        pass
        yield '\n# The incident repository is in '
        yield str(t_1((undefined(name='folder') if l_0_folder is missing else l_0_folder)))
        yield ': every `run` step works there.\ndefaults:\n  run:\n    working-directory: '
        yield str(t_2((undefined(name='folder') if l_0_folder is missing else l_0_folder)))
        yield '\n'
    yield '\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.12"\n          cache: pip\n          cache-dependency-path: '
    yield str(t_2((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow)))
    yield '\n      - run: '
    yield str(t_2((undefined(name='install') if l_0_install is missing else l_0_install)))
    yield '\n      # Problems show as annotations on the changed lines of the pull request.\n      - run: pm check --format github\n\n  publish:\n    if: github.event_name != \'pull_request\' && github.ref == \'refs/heads/main\'\n    needs: check\n    runs-on: ubuntu-latest\n    # A job that sets permissions has only those: checkout still needs to read the repository.\n    permissions:\n      contents: read\n      pages: write\n      id-token: write\n    concurrency:\n      group: pages\n      cancel-in-progress: false\n    environment:\n      name: github-pages\n      url: ${{ steps.deployment.outputs.page_url }}\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.12"\n          cache: pip\n          cache-dependency-path: '
    yield str(t_2((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow)))
    yield '\n      # Pango draws the PDF reports, with fonts for every script (Noto CJK for Chinese, Japanese, Korean).\n      - run: sudo apt-get update && sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk\n      - run: '
    yield str(t_2((undefined(name='install') if l_0_install is missing else l_0_install)))
    yield '\n      - run: pm render --out '
    yield str(t_2((undefined(name='output') if l_0_output is missing else l_0_output)))
    yield '\n      - uses: actions/upload-pages-artifact@v3\n        with:\n          path: '
    yield str(t_2((undefined(name='site') if l_0_site is missing else l_0_site)))
    yield '\n      - id: deployment\n        uses: actions/deploy-pages@v4\n'

blocks = {}
debug_info = '6=30&9=33&10=37&15=41&16=45&27=52&29=55&32=57&44=60&45=62&70=64&73=66&74=68&77=70'