"""The replica's behaviour over HTTP: login, captcha, registration rules, state, faults."""

from __future__ import annotations

import re
import struct
import time
from collections.abc import Iterator

import pytest

from cifer_bot.errors import InputError
from cifer_bot.replica import Replica, parse_fault
from tests.support.http_client import Client

GOOD_ACCOUNT = {
    "userName": "aussieChoc01",
    "password": "Choc0late!Plant",
    "confirmPassword": "Choc0late!Plant",
    "countryCode": "AUS",
    "approvalNo": "EST1234",
    "orgName": "Southern Cocoa Works Pty Ltd",
    "deptName": "",
    "postName": "",
    "contactMan": "Jane Citizen",
    "contactTel": "+61 3 9555 0100",
    "contactFax": "",
    "contactMobile": "",
    "contactAddr": "12 Foundry Road, Geelong VIC 3220",
    "contactEmail": "export@southerncocoa.example",
    "remark": "",
}


@pytest.fixture
def client(replica: Replica) -> Client:
    return Client(replica.url)


@pytest.fixture
def logged_in(replica: Replica) -> Client:
    replica.add_account("cocoaworks", "Sweet!Cocoa9", kind="self")
    client = Client(replica.url)
    assert client.login("cocoaworks", "Sweet!Cocoa9").status == 200
    return client


def error_text(html: str) -> str:
    """The page's error element (class ending in 'error'), as a person would read it."""
    found = re.search(r'class="[^"]*error[^"]*"[^>]*>([^<]*)<', html)
    return found.group(1) if found else ""


# -- binding -------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_refuses_a_bind_address_that_is_not_loopback(host: str) -> None:
    with pytest.raises(InputError, match="loopback only"):
        Replica(host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_serves_on_loopback(host: str) -> None:
    with Replica(host=host) as replica:
        assert Client(replica.url).get("/").status == 200


# -- step 3: captcha and login -------------------------------------------------------
def test_captcha_is_a_107_by_44_png_with_a_fresh_code_each_load(client: Client) -> None:
    client.get("/cas/login")
    image = client.get("/cas/plat_cas_verifycode_gen?r=1").body
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", image[16:24]) == (107, 44)
    codes = {client.captcha_answer() for _ in range(6)}
    assert len(codes) > 1
    assert all(re.fullmatch(r"[A-Z0-9]{4}", code) for code in codes)


def test_captcha_answer_is_not_in_the_login_page(client: Client) -> None:
    page = client.get("/cas/login").text
    code = client.captcha_answer()
    assert code not in page


def test_login_with_a_wrong_captcha_says_so_and_keeps_the_username(
    replica: Replica, client: Client
) -> None:
    replica.add_account("cocoaworks", "Sweet!Cocoa9")
    answer = client.login("cocoaworks", "Sweet!Cocoa9", captcha="ZZZZ9")
    assert "验证码错误" in answer.text
    assert 'value="cocoaworks"' in answer.text
    assert replica.state.logins == []


def test_login_with_a_wrong_password_says_so(replica: Replica, client: Client) -> None:
    replica.add_account("cocoaworks", "Sweet!Cocoa9")
    answer = client.login("cocoaworks", "Sweet!Cocoa8")
    assert "用户名或密码错误" in answer.text
    assert client.login("nobody123", "Sweet!Cocoa9").text.count("用户名或密码错误") >= 1


def test_a_captcha_is_good_for_one_try_only(replica: Replica, client: Client) -> None:
    replica.add_account("cocoaworks", "Sweet!Cocoa9")
    client.get("/cas/login")
    code = client.captcha_answer()
    client.login("cocoaworks", "wrong", captcha=code)
    assert "验证码错误" in client.login("cocoaworks", "Sweet!Cocoa9", captcha=code).text


def test_login_leads_to_the_system_home(replica: Replica, logged_in: Client) -> None:
    home = logged_in.get("/cifer/")
    assert home.status == 200
    assert "注册申请" in home.text
    assert [entry["username"] for entry in replica.state.logins] == ["cocoaworks"]


@pytest.mark.parametrize(
    "path",
    ["/cifer/", "/cifer/notice", "/cifer/categories", "/cifer/apply?item=巧克力", "/cifer/query"],
)
def test_no_system_page_without_a_login(client: Client, path: str) -> None:
    answer = client.get(path, follow=False)
    assert answer.status == 302
    assert answer.location.startswith("/cas/login")


def test_upload_without_a_login_is_refused(client: Client) -> None:
    answer = client.request("POST", "/cifer/upload", b"", {"Content-Type": "multipart/form-data"})
    assert answer.status == 401


# -- step 3: account registration ----------------------------------------------------
def test_registration_creates_a_self_registered_account(replica: Replica, client: Client) -> None:
    answer = client.post("/cas/register", GOOD_ACCOUNT)
    assert "注册成功，请登录" in answer.text
    state = client.get("/__replica/state").json()
    assert state["accounts_created"] == ["aussieChoc01"]
    assert state["accounts"][0]["kind"] == "self"
    assert client.login("aussieChoc01", "Choc0late!Plant").status == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("userName", "", "用户名不能为空"),
        ("userName", "abc12", "用户名须为6-18位英文字母或字母与数字组合"),
        ("userName", "a" * 19, "用户名须为6-18位英文字母或字母与数字组合"),
        ("userName", "12345678", "用户名须为6-18位英文字母或字母与数字组合"),
        ("userName", "choc_works", "用户名须为6-18位英文字母或字母与数字组合"),
        ("password", "", "密码不能为空"),
        ("password", "Ab1!xyz", "密码须为8-16位大小写字母、数字和符号任意二种及以上组合"),
        ("password", "abcdefghij", "密码须为8-16位大小写字母、数字和符号任意二种及以上组合"),
        ("password", "Abcdefgh1234567!x", "密码须为8-16位大小写字母、数字和符号任意二种及以上组合"),
        ("confirmPassword", "", "确认密码不能为空"),
        ("confirmPassword", "Choc0late!Plans", "两次输入的密码不一致"),
        ("countryCode", "", "请选择所在国家或地区"),
        ("countryCode", "XYZ", "请选择所在国家或地区"),
        ("orgName", "", "工作单位不能为空"),
        ("contactMan", "", "联系人不能为空"),
        ("contactTel", "", "联系电话不能为空"),
        ("contactTel", "call me", "联系电话格式不正确"),
        ("contactAddr", "", "联系地址不能为空"),
        ("contactEmail", "", "联系邮箱不能为空"),
        ("contactEmail", "export@", "联系邮箱格式不正确"),
        ("remark", "x" * 501, "备注长度不能超过500个字符"),
        ("deptName", "d" * 101, "工作部门长度不能超过100个字符"),
    ],
)
def test_registration_refuses_each_broken_rule_with_the_portal_text(
    replica: Replica, client: Client, field: str, value: str, message: str
) -> None:
    posted = {**GOOD_ACCOUNT, field: value}
    if field == "password":
        posted["confirmPassword"] = value
    answer = client.post("/cas/register", posted)
    assert message in answer.text
    assert replica.state.accounts_created == []


def test_registration_refuses_a_taken_username(replica: Replica, client: Client) -> None:
    replica.add_account("AUSSIECHOC01", "Other!Pass1")
    answer = client.post("/cas/register", GOOD_ACCOUNT)
    assert "该用户名已被注册" in answer.text
    assert replica.state.accounts_created == []


def test_registration_errors_never_echo_a_password(client: Client) -> None:
    answer = client.post("/cas/register", {**GOOD_ACCOUNT, "contactEmail": "bad"})
    assert "联系邮箱格式不正确" in answer.text
    assert "Choc0late!Plant" not in answer.text
    assert "aussieChoc01" in answer.text  # the other values come back to the form


# -- steps 5 and 6 -------------------------------------------------------------------
def test_a_self_registered_account_cannot_open_an_article_7_category(logged_in: Client) -> None:
    answer = logged_in.get("/cifer/apply?item=乳品")
    assert answer.status == 403
    assert "需经所在国家（地区）主管当局推荐注册" in answer.text


def test_an_authority_account_can_open_an_article_7_category(replica: Replica) -> None:
    replica.add_account("dairyplant", "Milk!Powder7", kind="authority")
    client = Client(replica.url)
    client.login("dairyplant", "Milk!Powder7")
    answer = client.get("/cifer/apply?item=乳品")
    assert answer.status == 200
    assert "企业基本信息" in answer.text


def test_an_unknown_sub_item_is_refused(logged_in: Client) -> None:
    answer = logged_in.get("/cifer/apply?item=月饼")
    assert answer.status == 404
    assert "未找到该产品类别" in answer.text


def upload(client: Client, name: str, data: bytes) -> tuple[int, dict[str, str]]:
    boundary = "----ciferboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    answer = client.request(
        "POST", "/cifer/upload", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    result: dict[str, str] = answer.json()
    return answer.status, result


def test_upload_accepts_the_portal_types_up_to_4_mb(logged_in: Client) -> None:
    status, result = upload(logged_in, "licence.pdf", b"%PDF-1.4\n" + b"0" * (4 * 1024 * 1024 - 9))
    assert status == 200
    assert result["name"] == "licence.pdf"
    status, result = upload(logged_in, "licence.PNG", b"\x89PNG")
    assert status == 200


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("licence.docx", 10, "文件格式不正确"),
        ("licence", 10, "文件格式不正确"),
        ("licence.pdf", 4 * 1024 * 1024 + 1, "文件大小不能超过4M"),
    ],
)
def test_upload_refuses_other_types_and_larger_files(
    logged_in: Client, name: str, size: int, message: str
) -> None:
    status, result = upload(logged_in, name, b"0" * size)
    assert status == 400
    assert message in result["error"]


def application(file_id: str) -> dict[str, str]:
    return {
        "item": "巧克力",
        "countryCode": "AUS",
        "regNo": "EST1234",
        "regOrgName": "",
        "cnRegNo": "",
        "cnRegDate": "",
        "cnRegValidDate": "",
        "entName": "Southern Cocoa Works Pty Ltd",
        "prodAddr": "12 Foundry Road, Geelong VIC 3220",
        "buildDate": "1998-03-01",
        "legalName": "Jane Citizen",
        "legalTel": "+61 3 9555 0100",
        "legalEmail": "jane@southerncocoa.example",
        "linkName": "Sam Export",
        "linkTel": "+61 3 9555 0101",
        "linkEmail": "export@southerncocoa.example",
        "rebuildDate": "",
        "rebuildItem": "",
        "rebuildFacility": "",
        "remark": "",
        "idFileId": file_id,
    }


def test_draft_is_kept_and_shown_again(replica: Replica, logged_in: Client) -> None:
    logged_in.get("/cifer/apply?item=巧克力")
    posted = {**application(""), "action": "draft", "entName": "Draft Name Ltd"}
    answer = logged_in.post("/cifer/apply", posted)
    assert "暂存成功" in answer.text and "Draft Name Ltd" in answer.text
    assert replica.state.submissions == []
    [draft] = logged_in.get("/__replica/state").json()["drafts"]
    assert draft["item"] == "巧克力"
    # opened from 综合查询, by its number, the draft is shown again
    query = logged_in.get("/cifer/query")
    assert draft["id"] in query.text and "暂存" in query.text
    again = logged_in.get(f"/cifer/apply?item=巧克力&draft={draft['id']}")
    assert "Draft Name Ltd" in again.text
    # opened new from the category list, the form is empty
    assert "Draft Name Ltd" not in logged_in.get("/cifer/apply?item=巧克力").text


def test_every_save_of_a_newly_opened_form_is_a_draft_of_its_own(
    replica: Replica, logged_in: Client
) -> None:
    # Broke: one draft per account and category, so a second save overwrote the first
    # and a test that counts drafts could not see a form saved twice.
    posted = {**application(""), "action": "draft"}
    logged_in.get("/cifer/apply?item=巧克力")
    logged_in.post("/cifer/apply", posted)
    logged_in.post("/cifer/apply", {**posted, "entName": "Changed"})  # the same form again
    assert len(replica.state.snapshot()["drafts"]) == 1
    logged_in.get("/cifer/apply?item=巧克力")  # opened anew
    logged_in.post("/cifer/apply", posted)
    drafts = replica.state.snapshot()["drafts"]
    assert len(drafts) == 2 and drafts[0]["values"]["entName"] == "Changed"


def test_every_registration_post_is_recorded(replica: Replica) -> None:
    client = Client(replica.url)
    form = {"userName": "newuser01", "password": "Abc!2345", "confirmPassword": "Abc!2345"}
    client.post("/cas/register", form)
    client.post("/cas/register", form)
    posts = replica.state.snapshot()["register_posts"]
    assert [post["username"] for post in posts] == ["newuser01", "newuser01"]


def test_submit_validates_then_records_an_18_digit_application_number(
    replica: Replica, logged_in: Client
) -> None:
    missing = logged_in.post("/cifer/apply", {**application(""), "action": "submit"})
    assert "请上传企业身份证明文件" in missing.text
    bad_date = logged_in.post(
        "/cifer/apply", {**application(""), "action": "submit", "buildDate": "01/03/1998"}
    )
    assert "建厂时间格式应为YYYY-MM-DD" in bad_date.text
    assert replica.state.submissions == []

    _, uploaded = upload(logged_in, "licence.pdf", b"%PDF-1.4")
    done = logged_in.post("/cifer/apply", {**application(uploaded["id"]), "action": "submit"})
    assert "提交成功" in done.text
    [submission] = logged_in.get("/__replica/state").json()["submissions"]
    assert re.fullmatch(r"\d{18}", submission["application_no"])
    assert submission["application_no"] in done.text
    assert submission["values"]["entName"] == "Southern Cocoa Works Pty Ltd"


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("prodAddr", 201, "生产场所地址长度不能超过200个字符"),
        ("entName", 201, "企业名称长度不能超过200个字符"),
        ("remark", 501, "备注长度不能超过500个字符"),
    ],
)
def test_submit_refuses_text_longer_than_the_selector_map_allows(
    replica: Replica, logged_in: Client, field: str, length: int, message: str
) -> None:
    # What broke: the replica took a 10,000-character address; its limits are the
    # selector map's assumptions (A12, A13), read from the map itself.
    _, uploaded = upload(logged_in, "licence.pdf", b"%PDF-1.4")
    posted = {**application(uploaded["id"]), "action": "submit", field: "x" * length}
    assert message in logged_in.post("/cifer/apply", posted).text
    assert replica.state.submissions == []
    posted[field] = "x" * (length - 1)
    assert "提交成功" in logged_in.post("/cifer/apply", posted).text


def test_another_accounts_upload_does_not_count(replica: Replica, logged_in: Client) -> None:
    replica.add_account("otherplant", "Other!Pass1")
    other = Client(replica.url)
    other.login("otherplant", "Other!Pass1")
    _, uploaded = upload(other, "licence.pdf", b"%PDF-1.4")
    answer = logged_in.post("/cifer/apply", {**application(uploaded["id"]), "action": "submit"})
    assert "请上传企业身份证明文件" in answer.text


def test_state_never_holds_a_password_or_its_hash(replica: Replica, client: Client) -> None:
    client.post("/cas/register", GOOD_ACCOUNT)
    text = client.get("/__replica/state").text
    assert "Choc0late!Plant" not in text
    assert "md5" not in text.lower()
    from cifer_bot.replica.state import md5_hex

    assert md5_hex("Choc0late!Plant") not in text


# -- faults --------------------------------------------------------------------------
@pytest.fixture
def faulty(request: pytest.FixtureRequest) -> Iterator[Replica]:
    with Replica(faults=[parse_fault(text) for text in request.param]) as replica:
        replica.add_account("cocoaworks", "Sweet!Cocoa9")
        yield replica


@pytest.mark.parametrize("faulty", [["slow:1.5"]], indirect=True)
def test_fault_slow_delays_every_page(faulty: Replica) -> None:
    client = Client(faulty.url)
    started = time.monotonic()
    assert client.get("/").status == 200
    assert time.monotonic() - started >= 1.5


@pytest.mark.parametrize("faulty", [["http500:categories"]], indirect=True)
def test_fault_http500_fails_the_named_step_every_time(faulty: Replica) -> None:
    client = Client(faulty.url)
    client.login("cocoaworks", "Sweet!Cocoa9")
    assert client.get("/cifer/").status == 200
    for _ in range(2):
        answer = client.get("/cifer/categories")
        assert answer.status == 500
        assert "系统繁忙，请稍后再试" in answer.text


@pytest.mark.parametrize("faulty", [["http500:landing:1"]], indirect=True)
def test_fault_http500_with_a_count_fails_only_that_often(faulty: Replica) -> None:
    client = Client(faulty.url)
    assert client.get("/").status == 500
    assert client.get("/").status == 200


@pytest.mark.parametrize("faulty", [["expire-session"]], indirect=True)
def test_fault_expire_session_logs_out_after_the_form_is_shown(faulty: Replica) -> None:
    client = Client(faulty.url)
    client.login("cocoaworks", "Sweet!Cocoa9")
    assert client.get("/cifer/apply?item=巧克力").status == 200
    after = client.post("/cifer/apply", {**application(""), "action": "draft"}, follow=False)
    assert after.status == 302
    assert after.location.startswith("/cas/login")
    assert "登录超时，请重新登录" in client.get(after.location).text
    assert faulty.state.drafts == {}
    # once only: after logging in again the form can be saved
    client.login("cocoaworks", "Sweet!Cocoa9")
    client.get("/cifer/apply?item=巧克力")
    assert "暂存成功" in client.post("/cifer/apply", {**application(""), "action": "draft"}).text


@pytest.mark.parametrize("faulty", [["captcha-wrong-once"]], indirect=True)
def test_fault_captcha_wrong_once_refuses_the_first_right_answer(faulty: Replica) -> None:
    client = Client(faulty.url)
    assert "验证码错误" in client.login("cocoaworks", "Sweet!Cocoa9").text
    assert client.login("cocoaworks", "Sweet!Cocoa9").status == 200
    assert "注册申请" in client.get("/cifer/").text


@pytest.mark.parametrize("faulty", [["drift"]], indirect=True)
def test_fault_drift_serves_other_markup_with_the_same_labels(faulty: Replica) -> None:
    drifted = Client(faulty.url).get("/cas/login").text
    with Replica() as plain:
        base = Client(plain.url).get("/cas/login").text
    assert 'id="fm1"' in base
    assert 'id="fm1"' not in drifted
    for label in ("Username", "Password", "Enter Code Shown in Image", "Sign in"):
        assert label in drifted


def test_unknown_fault_is_refused_with_the_list_of_modes() -> None:
    with pytest.raises(InputError, match="expire-session"):
        parse_fault("explode")


def test_the_login_page_sends_a_signed_in_session_on_to_its_service(logged_in: Client) -> None:
    answer = logged_in.get("/cas/login?service=%2Fcifer%2F", follow=False)
    assert answer.status == 302
    assert answer.location == "/cifer/"


def test_the_login_never_sends_a_session_to_another_host(logged_in: Client) -> None:
    answer = logged_in.get("/cas/login?service=%2F%2Fevil.example%2F", follow=False)
    assert answer.location == "/cifer/"


def test_seeding_an_account_with_a_bad_body_is_refused_with_a_hint(client: Client) -> None:
    answer = client.request("POST", "/__replica/accounts", b"{}")
    assert answer.status == 400
    assert "username" in answer.json()["error"]
