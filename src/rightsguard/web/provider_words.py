"""The provider directory's English notes, names and notice requirements in Chinese,
for the providers page of the zh-CN workbench (the directory itself keeps English
notes; a provider without an entry here is shown as the directory has it)."""

from __future__ import annotations

import re

NAMES_ZH: dict[str, str] = {
    "amazon": "亚马逊（Amazon）",
    "ebay": "易贝（eBay，VeRO 计划）",
    "shopee": "虾皮（Shopee）",
    "meta": "Meta（脸书、Instagram）",
    "youtube": "油管（YouTube）",
    "tiktok": "TikTok 国际版抖音",
    "cloudflare": "Cloudflare 云服务",
    "amazon-cloudfront": "亚马逊 CloudFront / AWS 云服务",
    "fastly": "Fastly 内容分发网络",
    "akamai": "Akamai 内容分发网络",
    "verisign": "威瑞信（Verisign）",
    "pir": "公共利益注册局（PIR）",
    "godaddy": "GoDaddy 域名注册商",
    "namecheap": "Namecheap 域名注册商",
    "google-search": "谷歌搜索（Google Search）",
    "bing": "微软必应（Microsoft Bing）",
    "hkiac": "香港国际仲裁中心",
    "wipo": "世界知识产权组织仲裁与调解中心",
    "adndrc": "亚洲域名争议解决中心",
    "forum": "美国 Forum 仲裁机构（原国家仲裁论坛）",
    "cac": "捷克仲裁院",
    "acdr": "阿拉伯域名争议解决中心",
    "ciidrc": "加拿大国际互联网争议解决中心",
}

NOTES_ZH: dict[str, str] = {
    "alibaba-ipp": "淘宝、天猫、1688、速卖通和闲鱼的商品链接统一在此投诉。",
    "douyin": "店铺和视频侵权的投诉渠道：请查询当前入口。",
    "wechat": "公众号和小商店；腾讯的权利投诉渠道。",
    "meta": "商标和著作权的知识产权举报表单。",
    "alibaba-cloud": "同时是域名注册商（万网）。",
    "cloudflare": "网站前端的 CDN：会把投诉转给主机服务商，并可告知主机服务商名称。",
    "cnnic": ".cn 和 .中国 的注册局；CNDRP 争议交由贸仲网上争议解决中心或香港国际仲裁中心。",
    "verisign": "瘦注册局：投诉应向注册商提出。",
    "baidu-search": "删除侵权搜索结果。",
    "google-search": "法律删除请求（著作权、商标）。",
    "miit-icp": "查询备案主体；投诉向备案号前缀所属省份的通信管理局提出。",
    "samr": "受理案件的市场监管部门适用市场监管总局行政处罚程序规定：违法行为发生地（第六条），"
    "自建网站经营者住所地、平台内经营者实际经营地（第九条）；全国 12315 平台分派投诉。"
    "市场监管部门查处商标侵权的职权见商标法第六十条。",
    "amr-local": "按侵权人住所地选择（统一社会信用代码的行政区划码、营业执照地址）。",
    "cietac-odrc": "CNDRP：仅限注册未满三年的域名。",
    "hkiac": "CNDRP 和 UDRP（作为亚洲域名争议解决中心香港秘书处）。",
    "wipo": "UDRP 费用：1-5 个域名、一名专家，1,500 美元（见 LAW.md）。",
    "adndrc": "设有北京、香港等秘书处。",
}

#: the communications administrations' notes differ only in the filing prefix
_CA_NOTE = re.compile(r"^ICP filings with prefix (\S+): missing, false or mismatched filings")
_CA_ZH = (
    "备案号前缀为“{prefix}”的 ICP 备案：未备案、虚假备案或备案信息不符（第 292 号令第十九条、"
    "第二十二条；工业和信息化部令第 33 号）。"
)

REQUIRES_ZH: dict[str, str] = {
    "proof of the right": "权利证明",
    "proof of the right (registration certificate)": "权利证明（注册证）",
    "identity of the right holder": "权利人身份证明",
    "identity of the right holder (business licence or ID)": "权利人身份证明（营业执照或身份证）",
    "authorisation letter when an agent files": "代理人投诉时的授权委托书",
    "link to each infringing listing": "每个侵权商品的链接",
    "explanation of the infringement and preliminary evidence": "侵权说明和初步证据",
    "preliminary evidence": "初步证据",
    "link to each listing": "每个商品的链接",
    "listing links": "商品链接",
    "rights owner contact details": "权利人联系方式",
    "the right (registration number)": "权利（注册号）",
    "ASIN or URL of each listing": "每个商品的 ASIN 或网址",
    "good-faith and accuracy statements": "善意及准确性声明",
    "VeRO participation": "加入 VeRO 计划",
    "Notice of Claimed Infringement per listing": "每个商品一份侵权主张通知（NOCI）",
}


def provider_name(key: str, name: str, name_zh: str, lang: str) -> str:
    if lang != "zh-CN":
        return name
    return name_zh or NAMES_ZH.get(key, name)


def provider_note(key: str, note: str, lang: str) -> str:
    if lang != "zh-CN" or not note:
        return note
    if key in NOTES_ZH:
        return NOTES_ZH[key]
    found = _CA_NOTE.match(note)
    return _CA_ZH.format(prefix=found.group(1)) if found else note


def requirement(text: str, lang: str) -> str:
    return REQUIRES_ZH.get(text, text) if lang == "zh-CN" else text
