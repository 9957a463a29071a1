"""A preview keeps its compiled theme templates from build to build (the hook's
_CompiledTemplates): MkDocs makes a new Jinja environment for each build."""
import importlib.util
import sys

import jinja2

from conftest import ROOT


def _hook():
    sys.path.insert(0, str(ROOT / "hooks"))  # as MkDocs does when it loads the hook
    spec = importlib.util.spec_from_file_location("mkdocs_hooks_under_test", ROOT / "hooks" / "mkdocs_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_preview_compiles_a_template_once_and_again_once_it_changed(monkeypatch):
    kept = _hook()._CompiledTemplates()
    sources = {"page.html": "<p>{{ title }}</p>"}
    compiled: list[str] = []
    compile_source = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda env, source, *args, **kwargs: compiled.append(source) or compile_source(env, source, *args, **kwargs))

    def render() -> str:  # a new environment each build, as MkDocs makes
        env = jinja2.Environment(loader=jinja2.DictLoader(sources))
        env.bytecode_cache = kept
        return env.get_template("page.html").render(title="Kế hoạch")

    assert render() == render() == "<p>Kế hoạch</p>"
    assert compiled == ["<p>{{ title }}</p>"]
    sources["page.html"] = "<h1>{{ title }}</h1>"
    assert render() == "<h1>Kế hoạch</h1>"
    assert compiled == ["<p>{{ title }}</p>", "<h1>{{ title }}</h1>"]


def test_only_a_preview_keeps_compiled_templates():
    hook = _hook()
    hook.state.command, hook.state.dirty = "serve", True
    env = jinja2.Environment()
    assert hook.on_env(env, None, None) is env and env.bytecode_cache is hook._TEMPLATES
    hook.state.command = "build"
    hook.state.dirty = True  # nothing to wait for in this test
    assert hook.on_env(jinja2.Environment(), None, None).bytecode_cache is None
