"""Every page carries a Content-Security-Policy without inline script or eval."""


def test_pages_carry_a_policy_without_inline_script(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy


def test_the_api_and_the_admin_carry_it_too(client, db):
    assert "script-src 'self'" in client.get("/api/docs/")["Content-Security-Policy"]
    assert "script-src 'self'" in client.get("/admin/login/")["Content-Security-Policy"]
