"""Each means of enforcement weighed by the guide's yardsticks (cost, speed, effectiveness,
deterrence, reach, legal risk).
"""

from __future__ import annotations

from rightsguard.domain.enums import ActionType
from rightsguard.playbook.output import Factor, Level, Rationale
from rightsguard.playbook.text import t

A = ActionType
L, M, H = Level.LOW, Level.MEDIUM, Level.HIGH


def _f(level: Level, zh: str, en: str) -> Factor:
    return Factor(level=level, note=t(zh, en))


PROFILES: dict[ActionType, Rationale] = {
    A.CEASE_AND_DESIST: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(H, "几天内可发出", "out within days"),
        effectiveness=_f(L, "超过六成侵权人不理会", "over 60% of infringers ignore it"),
        deterrence=_f(L, "无处罚", "no penalty"),
        reach=_f(M, "只要知道地址即可", "anywhere with an address"),
        legal_risk=_f(
            M,
            "收件人错误有商业诋毁风险；可能引来确认不侵权之诉",
            "defamation risk if misdirected; may invite a non-infringement action",
        ),
    ),
    A.PROVIDER_NOTICE: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(H, "通常数天内处理", "usually handled within days"),
        effectiveness=_f(H, "删除效果好，但侵权可能再现", "removes well, but repeats happen"),
        deterrence=_f(L, "没有实质处罚", "no real penalty"),
        reach=_f(H, "多数国家有类似机制", "works in most countries"),
        legal_risk=_f(L, "错误通知须担责", "liability for a wrongful notice"),
    ),
    A.DISCLOSURE_REQUEST: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(M, "取决于服务商", "depends on the provider"),
        effectiveness=_f(M, "常能得到实名信息", "often yields real-name data"),
        deterrence=_f(L, "无", "none"),
        reach=_f(M, "视服务商而定", "varies by provider"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.MARKET_REGULATION_COMPLAINT: Rationale(
        cost=_f(L, "无官方费用", "no official fee"),
        speed=_f(M, "数周", "weeks"),
        effectiveness=_f(M, "对网络案件态度审慎", "regulators are cautious online"),
        deterrence=_f(H, "罚款可达违法经营额五倍", "fines up to 5x the business volume"),
        reach=_f(L, "仅限中国境内", "mainland China only"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.ICP_COMPLAINT: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(H, "比知识产权执法部门更快", "faster than IP enforcers"),
        effectiveness=_f(H, "可关闭网站、删除链接", "can shut the site and delete links"),
        deterrence=_f(M, "罚款并关站", "fines and closure"),
        reach=_f(L, "仅限中国境内网站", "mainland sites only"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.OTHER_AUTHORITY_COMPLAINT: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(M, "数周", "weeks"),
        effectiveness=_f(M, "可下架、禁售、罚款", "goods pulled, sales banned, fines"),
        deterrence=_f(M, "行政处罚", "administrative penalties"),
        reach=_f(L, "仅限中国境内", "mainland China only"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.DOMAIN_DISPUTE: Rationale(
        cost=_f(M, "数千至上万元", "thousands of RMB/USD"),
        speed=_f(M, "约两个月", "about two months"),
        effectiveness=_f(H, "撤销或转移域名，除去侵权基础", "removes the domain, the root"),
        deterrence=_f(M, "失去域名", "the domain is lost"),
        reach=_f(H, "gTLD全球适用", "global for gTLDs"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.LAWSUIT: Rationale(
        cost=_f(H, "律师费和诉讼费较高", "fees and court costs are high"),
        speed=_f(L, "数月至数年", "months to years"),
        effectiveness=_f(H, "禁令、赔偿、消除影响", "injunction, damages, removal of effects"),
        deterrence=_f(H, "提高侵权成本，警示他人", "raises costs and warns others"),
        reach=_f(L, "须有管辖法院", "needs a competent court"),
        legal_risk=_f(M, "证据要求高", "high evidence standard"),
    ),
    A.POLICE_REPORT: Rationale(
        cost=_f(L, "无官方费用", "no official fee"),
        speed=_f(L, "立案与侦查较慢", "slow to open and investigate"),
        effectiveness=_f(M, "视立案而定", "depends on a case being opened"),
        deterrence=_f(H, "刑事责任", "criminal liability"),
        reach=_f(L, "仅限中国境内", "mainland China only"),
        legal_risk=_f(H, "报案不实有风险；须律师判断", "risky if unfounded; counsel decides"),
    ),
    A.TECHNICAL_MEASURE: Rationale(
        cost=_f(M, "需专业服务商", "needs a vendor"),
        speed=_f(H, "立即生效", "immediate"),
        effectiveness=_f(M, "可绕过", "can be circumvented"),
        deterrence=_f(L, "无", "none"),
        reach=_f(M, "取决于技术", "depends on the technique"),
        legal_risk=_f(
            H, "缺乏公共监督，可能本身违法", "no public oversight; may itself be unlawful"
        ),
    ),
    A.COUNTER_NOTICE_REPLY: Rationale(
        cost=_f(M, "需投诉或起诉", "needs a complaint or suit"),
        speed=_f(H, "有法定期限", "a legal deadline runs"),
        effectiveness=_f(H, "阻止恢复", "stops the restoration"),
        deterrence=_f(M, "表明决心", "shows resolve"),
        reach=_f(M, "视渠道而定", "per channel"),
        legal_risk=_f(L, "低", "low"),
    ),
}
