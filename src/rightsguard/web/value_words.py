"""The workbench's names for stored values (statuses, goals, kinds, roles, entities)
in zh-CN and en: a page shows ``v(value)``, never the raw code, in Chinese."""

from __future__ import annotations

VALUES: dict[str, tuple[str, str]] = {
    # rights
    "trademark": ("商标", "trademark"),
    "copyright": ("著作权", "copyright"),
    "patent": ("专利", "patent"),
    "domain_name": ("域名", "domain name"),
    "personality": ("人格权", "personality right"),
    "trade_name": ("商号", "trade name"),
    # targets
    "url": ("网址", "URL"),
    "domain": ("域名", "domain"),
    "listing": ("商品链接", "listing"),
    "shop": ("店铺", "shop"),
    "app": ("应用", "app"),
    "social_account": ("社交账号", "social account"),
    "suspected": ("疑似", "suspected"),
    "confirmed": ("已确认", "confirmed"),
    "dismissed": ("已排除", "dismissed"),
    "actioned": ("已处理", "actioned"),
    "removed": ("已下架", "removed"),
    "persisting": ("仍在线", "persisting"),
    "reappeared": ("再次出现", "reappeared"),
    "infringer": ("侵权人控制", "infringer"),
    "third_party": ("第三方控制", "third party"),
    "unknown": ("未知", "unknown"),
    # cases
    "open": ("进行中", "open"),
    "closed": ("已结案", "closed"),
    "remove_links": ("删除链接", "remove links"),
    "block_access": ("阻断访问", "block access"),
    "transfer_domain": ("转移域名", "transfer the domain"),
    "compensation": ("获得赔偿", "compensation"),
    "deterrence": ("威慑", "deterrence"),
    # actions
    "cease_and_desist": ("警告函", "cease-and-desist letter"),
    "provider_notice": ("服务商通知", "provider notice"),
    "counter_notice_reply": ("反通知答复", "counter-notice reply"),
    "disclosure_request": ("信息披露请求", "disclosure request"),
    "market_regulation_complaint": ("市场监管投诉", "market-regulation complaint"),
    "icp_complaint": ("ICP 备案投诉", "ICP complaint"),
    "other_authority_complaint": ("其他主管机关投诉", "complaint to another authority"),
    "domain_dispute": ("域名争议", "domain dispute"),
    "lawsuit": ("诉讼", "lawsuit"),
    "police_report": ("报案", "police report"),
    "technical_measure": ("技术措施", "technical measure"),
    "draft": ("草稿", "draft"),
    "approved": ("已批准", "approved"),
    "sent": ("已发送", "sent"),
    "acknowledged": ("已确认收到", "acknowledged"),
    "rejected": ("被拒绝", "rejected"),
    "counter_noticed": ("收到反通知", "counter-noticed"),
    "no_response": ("无回应", "no response"),
    # parties and providers
    "primary_infringer": ("主要侵权人", "primary infringer"),
    "customer": ("客户", "customer"),
    "supplier": ("供应商", "supplier"),
    "intermediary": ("中间方", "intermediary"),
    "other_third_party": ("其他第三方", "other third party"),
    "platform": ("平台", "platform"),
    "host": ("主机服务商", "host"),
    "cdn": ("CDN", "CDN"),
    "registrar": ("注册商", "registrar"),
    "registry": ("注册局", "registry"),
    "search_engine": ("搜索引擎", "search engine"),
    "authority": ("主管机关", "authority"),
    "dispute_provider": ("争议解决机构", "dispute provider"),
    "forum": ("论坛", "forum"),
    # channels
    "portal": ("投诉门户", "portal"),
    "email": ("电子邮件", "email"),
    "form": ("网页表单", "form"),
    "postal": ("邮寄地址", "postal"),
    "complaints": ("投诉", "complaints"),
    # captures and jobs
    "pending": ("等待中", "pending"),
    "partial": ("部分完成", "partial"),
    "awaiting_timestamp": ("等待时间戳", "awaiting timestamp"),
    "complete": ("完成", "complete"),
    "failed": ("失败", "failed"),
    "active": ("启用", "active"),
    "disabled": ("停用", "disabled"),
    "default": ("默认", "default"),
    "env": ("环境变量", "env"),
    "file": ("配置文件", "file"),
    # evidence files
    "test-purchase": ("测试购买", "test purchase"),
    "receipt": ("收据", "receipt"),
    "chat": ("聊天记录", "chat"),
    "photo": ("照片", "photo"),
    "letter": ("信函", "letter"),
    "other": ("其他", "other"),
    # audit entities
    "action": ("行动", "action"),
    "case": ("案件", "case"),
    "right": ("权利", "right"),
    "target": ("目标", "target"),
    "user": ("用户", "user"),
    "party": ("当事人", "party"),
    "capture": ("取证", "capture"),
    "profile": ("资料", "profile"),
    "evidence": ("证据", "evidence"),
    # settings values
    "True": ("是", "yes"),
    "False": ("否", "no"),
    "inline": ("进程内", "inline"),
    "celery": ("Celery", "Celery"),
    "internet": ("互联网", "internet"),
    "sandbox": ("沙箱", "sandbox"),
    "analyst": ("分析员", "analyst"),
    "liaison": ("联络员", "liaison"),
    "counsel": ("律师", "counsel"),
    "admin": ("管理员", "admin"),
}


def value_label(value: object, lang: str) -> str:
    """The name of a stored value in ``lang``; an unknown value is shown as it is."""
    text = "" if value is None else str(getattr(value, "value", value))
    pair = VALUES.get(text)
    if pair is None:
        return text
    return pair[0] if lang == "zh-CN" else pair[1]
