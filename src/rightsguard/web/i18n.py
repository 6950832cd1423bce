"""The workbench's words in zh-CN and en.

Pages call ``t("key")``; a key missing from either language is a test failure,
so neither language falls behind. The language comes from ``?lang=``, then the
``rg_lang`` cookie, then the browser's Accept-Language, then the workspace's
``language`` setting.
"""

from __future__ import annotations

LANGUAGES = ("zh-CN", "en")

WORDS: dict[str, tuple[str, str]] = {
    # key: (zh-CN, en)
    "app": ("RightsGuard 维权工作台", "RightsGuard workbench"),
    "nav.dashboard": ("总览", "Dashboard"),
    "nav.queue": ("我的待办", "My queue"),
    "nav.rights": ("权利", "Rights"),
    "nav.cases": ("案件", "Cases"),
    "nav.targets": ("侵权目标", "Targets"),
    "nav.evidence": ("证据", "Evidence"),
    "nav.parties": ("当事人", "Parties"),
    "nav.providers": ("服务商名录", "Providers"),
    "nav.discovery": ("发现与甄别", "Discovery"),
    "nav.actions": ("行动", "Actions"),
    "nav.audit": ("审计日志", "Audit trail"),
    "nav.settings": ("设置", "Settings"),
    "nav.api": ("API 文档", "API docs"),
    "login.title": ("登录", "Sign in"),
    "login.username": ("用户名", "User name"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Sign in"),
    "login.failed": (
        "用户名或密码不正确，或账户已停用。",
        "Wrong user name or password, or the account is disabled.",
    ),
    "logout": ("退出", "Sign out"),
    "signed_in_as": ("当前用户", "Signed in as"),
    "role": ("角色", "Role"),
    "role.analyst": ("分析员", "analyst"),
    "role.liaison": ("联络员", "liaison"),
    "role.counsel": ("法律顾问", "counsel"),
    "role.admin": ("管理员", "admin"),
    "language": ("语言", "Language"),
    "forbidden": ("您的角色无权执行此操作。", "Your role may not do this."),
    "not_found": ("未找到。", "Not found."),
    "error": ("出错了", "Something went wrong"),
    "save": ("保存", "Save"),
    "create": ("创建", "Create"),
    "id": ("编号", "ID"),
    "title": ("标题", "Title"),
    "status": ("状态", "Status"),
    "assignee": ("负责人", "Assignee"),
    "assign": ("指派", "Assign"),
    "unassigned": ("未指派", "unassigned"),
    "created": ("创建时间", "Created"),
    "goals": ("维权目标", "Goals"),
    "rights": ("权利", "Rights"),
    "targets": ("目标", "Targets"),
    "none": ("无", "none"),
    "filter": ("筛选", "Filter"),
    "all": ("全部", "all"),
    "next": ("下一页", "Next"),
    "previous": ("上一页", "Previous"),
    "case.new": ("新建案件", "New case"),
    "case.timeline": ("时间线", "Timeline"),
    "case.plan": ("维权计划", "Plan"),
    "case.actions": ("行动", "Actions"),
    "case.deadlines": ("期限", "Deadlines"),
    "case.add_targets": ("添加目标网址（每行一个）", "Add target URLs (one a line)"),
    "case.capture_all": ("取证：抓取全部目标", "Capture every target"),
    "case.identify_all": ("查明：识别全部目标", "Identify every target"),
    "case.close": ("结案", "Close case"),
    "case.reopen": ("重新打开", "Reopen"),
    "plan.next_steps": ("下一步", "Next steps"),
    "plan.recommended": ("建议行动", "Recommended actions"),
    "plan.blocked": ("被阻止的行动", "Blocked actions"),
    "plan.ready": ("就绪", "Ready"),
    "plan.missing": ("缺少", "Missing"),
    "plan.venue": ("去向", "Venue"),
    "plan.clocks": ("期限", "Clocks"),
    "plan.rules": ("规则", "Rules"),
    "plan.reason": ("原因", "Reason"),
    "plan.instead": ("替代做法", "Instead"),
    "plan.running_clocks": ("进行中的期限", "Running clocks"),
    "plan.due": ("届满", "Due"),
    "plan.passed": ("已过", "passed"),
    "action.draft": ("起草文书", "Draft a document"),
    "action.type": ("文书类型", "Document type"),
    "action.lang": ("文书语言", "Document language"),
    "action.to_name": ("收件人名称", "Recipient's name"),
    "action.to_email": ("收件人邮箱", "Recipient's e-mail"),
    "action.to_address": ("收件人地址", "Recipient's address"),
    "action.to_role": ("收件人身份", "Recipient's role"),
    "action.facts": ("补充事实（每行 键=值）", "Extra facts (KEY=VALUE, one a line)"),
    "action.override": (
        "越过阻止规则的理由（仅法律顾问）",
        "Reason to override a blocking rule (counsel only)",
    ),
    "action.preview": ("预览", "Preview"),
    "action.approve": ("批准", "Approve"),
    "action.approve_note": ("批准意见", "Approval note"),
    "action.send": ("发送", "Send"),
    "action.approvals": ("审批", "Approvals"),
    "action.dispatch": ("发送记录", "Dispatch"),
    "action.documents": ("文书文件", "Documents"),
    "action.recipient": ("收件人", "Recipient"),
    "action.blocked_by": ("被以下规则阻止", "Blocked by"),
    "queue.assigned": ("指派给我的案件", "Cases assigned to me"),
    "queue.to_approve": ("待我审批的行动", "Actions awaiting my approval"),
    "queue.to_send": ("已批准待发送", "Approved, to send"),
    "queue.due": ("14 天内到期", "Due in the next 14 days"),
    "queue.empty": ("暂无待办。", "Nothing waiting."),
    "audit.at": ("时间", "When"),
    "audit.actor": ("操作人", "Who"),
    "audit.verb": ("操作", "What"),
    "audit.entity": ("对象", "On"),
    "audit.reason": ("理由", "Why"),
    "right.add": ("登记权利", "Register a right"),
    "right.kind": ("类型", "Kind"),
    "right.name": ("名称", "Name"),
    "right.owner": ("权利人", "Owner"),
    "right.number": ("注册号", "Registration number"),
    "right.jurisdiction": ("法域", "Jurisdiction"),
    "right.expires": ("有效期至", "Expires"),
    "settings.users": ("用户", "Users"),
    "settings.add_user": ("添加用户", "Add a user"),
    "settings.display_name": ("显示名称", "Display name"),
    "settings.values": ("工作区设置", "Workspace settings"),
    "settings.name": ("设置项", "Setting"),
    "settings.value": ("当前值", "Value"),
    "settings.help": ("说明", "Meaning"),
    "settings.disable": ("停用", "Disable"),
    "settings.enable": ("启用", "Enable"),
    "job.queued": ("已加入后台任务队列：", "Queued as background job"),
    "jobs": ("后台任务", "Background jobs"),
}


def pick(lang: str | None, accept: str | None, default: str) -> str:
    """The language to speak: an explicit choice, then Accept-Language, then the default."""
    if lang in LANGUAGES:
        return lang
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en"
    return default if default in LANGUAGES else "zh-CN"


def translate(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh-CN" else en


def bilingual(text: object, lang: str) -> str:
    """A playbook ``Text`` (with ``.zh``/``.en`` or ``.get``) in ``lang``."""
    if text is None:
        return ""
    getter = getattr(text, "get", None)
    if callable(getter):
        return str(getter(lang))
    return str(text)
