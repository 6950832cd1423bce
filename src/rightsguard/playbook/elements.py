"""What a notice must contain, per channel.

``required_elements(channel)`` lists the elements (stable ids with zh/en
labels and their legal source) that the actions layer must fill before a
notice to a service provider may be sent.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from rightsguard.domain.errors import InvalidValue
from rightsguard.playbook.facts import Channel
from rightsguard.playbook.text import Text, t


class Element(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label: Text
    source: str
    required: bool = True


def _e(id: str, zh: str, en: str, source: str, *, required: bool = True) -> Element:
    return Element(id=id, label=t(zh, en), source=source, required=required)


_ELEMENTS: dict[Channel, tuple[Element, ...]] = {
    Channel.CIVIL_CODE: (
        _e(
            "preliminary_evidence",
            "构成侵权的初步证据",
            "preliminary evidence of infringement",
            "Civil Code Art. 1195",
        ),
        _e(
            "holder_identity",
            "权利人的真实身份信息",
            "the right holder's real identity",
            "Civil Code Art. 1195",
        ),
    ),
    Channel.ECOMMERCE: (
        _e("right_proof", "权利证明", "proof of the right", "Guiding Opinions Art. 5"),
        _e(
            "holder_identity",
            "权利人的真实身份信息",
            "the right holder's real identity",
            "Guiding Opinions Art. 5",
        ),
        _e(
            "locators",
            "能准确定位每一被诉链接的信息",
            "information locating each listing precisely",
            "Guiding Opinions Art. 5",
        ),
        _e(
            "preliminary_evidence",
            "构成侵权的初步证据",
            "preliminary evidence of infringement",
            "E-Commerce Law Art. 42",
        ),
        _e(
            "truthfulness_guarantee",
            "通知真实性的书面保证",
            "a written guarantee that the notice is true",
            "Guiding Opinions Art. 5",
        ),
        _e("in_writing", "书面形式", "made in writing", "Guiding Opinions Art. 5"),
        _e(
            "patent_comparison",
            "专利：技术特征比对表或评价报告（平台要求时）",
            "patents: a feature comparison or evaluation report (if the platform asks)",
            "Guiding Opinions Art. 5",
            required=False,
        ),
    ),
    Channel.NETWORK_DISSEMINATION: (
        _e(
            "holder_contact",
            "权利人的姓名（名称）、联系方式和地址",
            "the right holder's name, contact details and address",
            "Regulations on the Protection of the Right to Network Dissemination Art. 14",
        ),
        _e(
            "work_and_address",
            "侵权作品的名称和网络地址",
            "title and network address of the infringing work",
            "Regulations on the Protection of the Right to Network Dissemination Art. 14",
        ),
        _e(
            "preliminary_evidence",
            "构成侵权的初步证明材料",
            "preliminary proof of infringement",
            "Regulations on the Protection of the Right to Network Dissemination Art. 14",
        ),
        _e(
            "truthfulness_statement",
            "权利人对通知真实性负责的声明",
            "the holder answers for the notice's truthfulness",
            "Regulations on the Protection of the Right to Network Dissemination Art. 14",
        ),
    ),
    Channel.DMCA: (
        _e(
            "signature",
            "权利人或授权代理人的签名（实体或电子）",
            "physical or electronic signature of the owner or agent",
            "17 USC 512(c)(3)(A)(i)",
        ),
        _e(
            "work_identified",
            "被侵权作品的说明",
            "identification of the copyrighted work",
            "17 USC 512(c)(3)(A)(ii)",
        ),
        _e(
            "locators",
            "侵权材料及足以定位它的信息",
            "the infringing material and information to locate it",
            "17 USC 512(c)(3)(A)(iii)",
        ),
        _e(
            "contact_details",
            "投诉人的联系方式",
            "the complaining party's contact details",
            "17 USC 512(c)(3)(A)(iv)",
        ),
        _e(
            "good_faith_statement",
            "善意相信该使用未获授权的声明",
            "a good-faith statement that the use is not authorised",
            "17 USC 512(c)(3)(A)(v)",
        ),
        _e(
            "accuracy_under_perjury",
            "通知准确且（作伪证须受罚）投诉人获授权的声明",
            "a statement that the notice is accurate and, under penalty of perjury, "
            "that the sender is authorised",
            "17 USC 512(c)(3)(A)(vi)",
        ),
    ),
    Channel.DSA: (
        _e(
            "substantiated_explanation",
            "说明内容违法原因的充分解释",
            "a substantiated explanation why the content is illegal",
            "Digital Services Act Art. 16",
        ),
        _e("exact_urls", "确切的URL", "the exact URL(s)", "Digital Services Act Art. 16"),
        _e(
            "name_and_email",
            "通知人的姓名和电子邮箱",
            "the notifier's name and e-mail",
            "Digital Services Act Art. 16",
        ),
        _e(
            "good_faith_statement",
            "善意确认通知准确完整的声明",
            "a good-faith statement that the notice is accurate and complete",
            "Digital Services Act Art. 16",
        ),
    ),
    Channel.PROVIDER_POLICY: (
        _e("right_proof", "权利证明", "proof of the right", "guide II.2"),
        _e(
            "holder_identity",
            "权利人身份和联系方式",
            "the right holder's identity and contacts",
            "guide II.2",
        ),
        _e("locators", "侵权内容的网址", "the URLs of the infringing content", "guide II.2"),
        _e(
            "preliminary_evidence",
            "侵权的初步证据",
            "preliminary evidence of infringement",
            "guide II.2",
        ),
    ),
}


def channels() -> list[Channel]:
    return list(_ELEMENTS)


def required_elements(channel: Channel | str) -> list[Element]:
    """The elements a notice sent through ``channel`` must (or may) contain."""
    try:
        key = Channel(channel)
    except ValueError:
        known = ", ".join(c.value for c in Channel)
        raise InvalidValue("channel", f"unknown channel {channel!r} (known: {known})") from None
    return list(_ELEMENTS[key])
