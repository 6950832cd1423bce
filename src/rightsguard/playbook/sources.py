"""The register of legal sources the rules cite, in our own words.

Every :class:`~rightsguard.playbook.rules.Citation` of every rule must name an
instrument of this register and, where it names an article, an article listed
under it (``rules sources`` prints the register; the tests check every rule
against it). A gist says what the article is used for here; it is a summary for
orientation, never the article's text and never legal advice. Instruments whose
content we have not read in the primary text carry ``unverified``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rightsguard.domain.errors import NotFound
from rightsguard.playbook.text import Text, t


@dataclass(frozen=True, slots=True)
class Article:
    """One article (or paragraph, or section) and what the playbook takes from it;
    ``unverified`` when its number or content is not yet read in the primary text."""

    number: str
    gist: Text
    unverified: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """One instrument as the rules cite it (``instrument``), with its full title."""

    instrument: str
    title: Text
    in_force: str | None
    articles: tuple[Article, ...] = ()
    note: Text | None = None
    unverified: bool = False
    #: What was checked, against which text, and when it was read, e.g.
    #: ``"Art. 12 = commercial defamation: <address> (secondary commentary), read 2026-12-05"``.
    checked: tuple[str, ...] = ()

    def article(self, number: str) -> Article | None:
        """The listed article ``number``, or the listed article it is a part of:
        ``512(c)(3)(A)(iv)`` is covered by ``512(c)(3)(A)``."""
        for art in self.articles:
            if number == art.number or number.startswith(art.number + "("):
                return art
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "title": self.title.model_dump(),
            "in_force": self.in_force,
            "unverified": self.unverified,
            "note": self.note.model_dump() if self.note else None,
            "articles": [
                {"number": a.number, "gist": a.gist.model_dump(), "unverified": a.unverified}
                for a in self.articles
            ],
            "checked": list(self.checked),
        }


def _a(number: str, zh: str, en: str, *, unverified: bool = False) -> Article:
    return Article(number, t(zh, en), unverified)


SOURCES: tuple[Source, ...] = (
    Source(
        "Civil Code",
        t("中华人民共和国民法典", "Civil Code of the People's Republic of China"),
        "2021-01-01",
        (
            _a(
                "188",
                "诉讼时效三年，自知道或应当知道权利受损及义务人之日起算；最长二十年",
                "three-year limitation from when the holder knew or should have known of the "
                "harm and who caused it; twenty years at most",
            ),
            _a(
                "201",
                "期间开始的当日不计入，从次日起算",
                "a period starts counting on the next day",
            ),
            _a(
                "203",
                "期间最后一日为法定休假日的，顺延至休假日结束的次日",
                "a period ending on a statutory holiday ends on the day after the holiday",
            ),
            _a(
                "1185",
                "故意侵害知识产权、情节严重的，可请求惩罚性赔偿",
                "punitive damages for serious, intentional infringement of IP rights",
            ),
            _a(
                "1194",
                "网络用户、网络服务提供者利用网络侵权的，承担侵权责任",
                "users and providers who infringe through the network are liable",
            ),
            _a(
                "1195",
                "通知—删除：通知须含初步证据和权利人真实身份；错误通知致损的，通知人担责",
                "notice and takedown: preliminary evidence and the holder's real identity; a "
                "wrong notice makes the sender liable for the harm",
            ),
            _a(
                "1196",
                "反通知：用户提交不侵权声明后，权利人须在合理期限内投诉或起诉，否则措施终止",
                "counter-notice: unless the holder complains to an authority or sues within a "
                "reasonable time, the measures end",
            ),
            _a(
                "1197",
                "服务提供者知道或应当知道而未采取必要措施的，承担连带责任",
                "a provider that knew or should have known and did nothing is jointly liable",
            ),
        ),
    ),
    Source(
        "E-Commerce Law",
        t("中华人民共和国电子商务法", "E-Commerce Law of the People's Republic of China"),
        "2019-01-01",
        (
            _a(
                "42",
                "向电商平台发出的通知须附初步证据；恶意错误通知造成损失的加倍赔偿",
                "notices to e-commerce platforms carry preliminary evidence; a malicious wrong "
                "notice owes double damages",
            ),
            _a(
                "43",
                "经营者声明不侵权后，权利人须在十五日内投诉或起诉，否则平台终止措施",
                "after the seller's declaration the holder has 15 days to complain or sue, "
                "else the platform restores",
            ),
            _a("44", "平台须公示通知、声明及处理结果", "platforms publish notices and outcomes"),
            _a(
                "45",
                "平台知道或应当知道而未采取必要措施的，承担连带责任",
                "a platform that knew or should have known and did nothing is jointly liable",
            ),
        ),
    ),
    Source(
        "Guiding Opinions",
        t(
            "最高人民法院关于审理涉电子商务平台知识产权民事案件的指导意见（2020）",
            "SPC Guiding Opinions on civil IP cases involving e-commerce platforms (2020)",
        ),
        "2020-09-10",
        (
            _a(
                "5",
                "通知应含权利证明、真实身份、准确定位每一链接的信息、初步证据和真实性保证",
                "a notice holds proof of the right, real identity, each listing located "
                "exactly, preliminary evidence and a guarantee of truthfulness",
            ),
        ),
    ),
    Source(
        "SPC Official Reply on online IP disputes",
        t(
            "最高人民法院关于涉网络知识产权侵权纠纷几个法律适用问题的批复（2020）",
            "SPC Official Reply on several questions of law in online IP disputes (2020)",
        ),
        "2020-09-14",
        note=t(
            "公证认证所需时间不计入十五日，但最长不超过二十个工作日；恶意声明可适用惩罚性赔偿",
            "time spent on notarisation or legalisation is excluded from the 15 days, up to "
            "20 working days; bad-faith declarations can bring punitive damages",
        ),
    ),
    Source(
        "Regulations on the Protection of the Right to Network Dissemination of Information",
        t(
            "信息网络传播权保护条例（2013年修订）",
            "Regulations on the Right of Network Dissemination (2013)",
        ),
        "2013-03-01",
        (
            _a(
                "14",
                "通知书须含权利人名称、联系方式和地址，作品名称和网络地址，初步证明材料",
                "a notice names the holder with contact details and address, the work and its "
                "network address, with preliminary proof",
            ),
            _a("15", "服务提供者收到通知后立即删除或断开链接", "the provider removes at once"),
            _a(
                "16",
                "服务对象可提交反通知，要求恢复",
                "the user may send a counter-notice asking for restoration",
            ),
            _a(
                "17",
                "收到反通知后立即恢复，权利人不得再次通知同一服务提供者",
                "on a counter-notice the provider restores at once; the holder may not notify "
                "the same provider again",
            ),
            _a(
                "24",
                "权利人的通知导致错误删除或断开链接、给服务对象造成损失的，权利人承担赔偿责任",
                "a holder whose notice leads to a wrongful removal owes the user compensation for "
                "the loss",
            ),
        ),
    ),
    Source(
        "Trademark Law",
        t(
            "中华人民共和国商标法（2019年修正）",
            "Trademark Law of the People's Republic of China (2019)",
        ),
        "2019-11-01",
        (
            _a("57", "侵犯注册商标专用权的行为", "the acts that infringe a registered mark"),
            _a(
                "60",
                "工商（市场监管）部门查处商标侵权，可处罚款",
                "market-regulation departments deal with infringement and may fine",
            ),
            _a(
                "63",
                "赔偿数额的确定；恶意侵权情节严重的一至五倍惩罚性赔偿；法定赔偿五百万元以下",
                "how damages are set; 1 to 5 times for serious bad-faith infringement; "
                "statutory damages up to RMB 5 million",
            ),
        ),
    ),
    Source(
        "Copyright Law",
        t(
            "中华人民共和国著作权法（2020年修正）",
            "Copyright Law of the People's Republic of China (2020 amendment)",
        ),
        "2021-06-01",
        (
            _a(
                "52",
                "侵权行为（承担停止侵害、赔偿损失等民事责任）",
                "the infringing acts that carry civil liability (stop, compensate)",
            ),
            _a(
                "53",
                "侵权行为（含通过信息网络向公众传播），并可承担行政、刑事责任",
                "infringing acts (online communication to the public among them) that may also "
                "carry administrative or criminal liability",
            ),
            _a(
                "54",
                "赔偿数额的确定；故意侵权情节严重的一至五倍惩罚性赔偿；法定赔偿五百元以上五百万元以下",
                "how damages are set; 1 to 5 times for serious intentional infringement; "
                "statutory damages from RMB 500 to 5 million",
            ),
        ),
    ),
    Source(
        "Patent Law",
        t(
            "中华人民共和国专利法（2020年修正）",
            "Patent Law of the People's Republic of China (2020 amendment)",
        ),
        "2021-06-01",
        (
            _a(
                "11",
                "未经许可实施专利（制造、使用、许诺销售、销售、进口）即侵权",
                "working a patent without consent (making, using, offering, selling, importing)",
            ),
            _a(
                "71",
                "赔偿数额的确定；故意侵权情节严重的一至五倍惩罚性赔偿",
                "how damages are set; 1 to 5 times for serious intentional infringement",
            ),
        ),
    ),
    Source(
        "Anti-Unfair Competition Law",
        t(
            "中华人民共和国反不正当竞争法（2025年修订）",
            "Anti-Unfair Competition Law of the People's Republic of China (2025 revision)",
        ),
        "2025-10-15",
        (
            _a(
                "12",
                "经营者不得编造、传播虚假或误导性信息损害竞争对手的商业信誉、商品声誉（商业诋毁；"
                "2017/2019年文本为第11条）",
                "no fabricating or spreading false or misleading information that harms a "
                "competitor's business or product reputation (commercial defamation; Art. 11 in "
                "the 2017/2019 text)",
            ),
        ),
        note=t(
            "惩罚性赔偿条款（2019年文本第17条，限于恶意侵犯商业秘密）在2025年文本中的条号及适用范围未核实。",
            "The punitive-damages article (Art. 17 in the 2019 text, limited to malicious "
            "trade-secret infringement): its number and reach in the 2025 text are unverified.",
        ),
        checked=(
            "Art. 12 = commercial defamation in the 2025 text (in force 2025-10-15): "
            "https://www.zhichanli.com/p/985869650 (commentary on Arts. 12 and 28 of the 2025 "
            "text, 2025-09-03), read 2026-12-05; the primary text itself not read",
        ),
    ),
    Source(
        "Fa Shi [2021] No. 4",
        t(
            "最高人民法院关于审理侵害知识产权民事案件适用惩罚性赔偿的解释（法释〔2021〕4号）",
            "SPC Interpretation on Punitive Damages in Civil Cases of IP Infringement "
            "(Fa Shi [2021] No. 4)",
        ),
        "2021-03-03",
        (
            _a(
                "3",
                "认定故意的情形，包括经权利人通知、警告后仍继续侵权",
                "when intent is found, among others continuing after the holder's notice or "
                "warning",
            ),
        ),
    ),
    Source(
        "SAMR Provisions on Administrative Penalty Procedures",
        t(
            "市场监督管理行政处罚程序规定（国家市场监督管理总局令第2号，2021年、2022年修正）",
            "SAMR Provisions on Administrative Penalty Procedures (SAMR Order No. 2, amended "
            "2021 and 2022)",
        ),
        None,
        (
            _a(
                "6",
                "行政处罚由违法行为发生地的县级以上市场监督管理部门管辖",
                "an administrative penalty is for the AMR (county level or above) where the "
                "breach happens",
                unverified=True,
            ),
            _a(
                "9",
                "电子商务平台经营者及通过自建网站、其他网络服务经营者由其住所地管辖；平台内经营者由"
                "其实际经营地管辖，平台住所地的部门先发现线索或先收到投诉、举报的也可管辖",
                "platform operators and operators of own sites or other network services: the "
                "AMR of their domicile; sellers on a platform: the AMR where they actually "
                "operate, or the platform's own AMR when it first finds the lead or receives the "
                "complaint",
                unverified=True,
            ),
        ),
        note=t(
            "2019年施行时名为《市场监督管理行政处罚程序暂行规定》，2021年修正时更名；2022年修正文本"
            "原文未读，条号沿用未核实。",
            "In force from 2019 as the Interim Provisions, renamed when amended in 2021; the "
            "2022 text was not read, so the article numbers carried over are unverified.",
        ),
        checked=(
            "Art. 9(1) (domicile of platform operators, own-site and other network sellers) as "
            "quoted from the 2018 Interim Provisions by the Shaanxi AMR, "
            "https://snamr.shaanxi.gov.cn/info/1272/10822.htm (reply of 2021-06-03), read "
            "2026-12-05",
            "Art. 9(2) (platform sellers: dual jurisdiction) as described for the 2018 text at "
            "http://ynwd.gov.cn/info/egovinfo/1007/overt_centent/11532329015178442p-/"
            "2019-0412001.htm, read 2026-12-05; the wording 'actual place of operation' not seen",
            "Art. 6: not found in any text read",
        ),
    ),
    Source(
        "Product Quality Law",
        t("中华人民共和国产品质量法", "Product Quality Law of the People's Republic of China"),
        None,
        (
            _a("27", "产品标识须用中文", "product labels must be in Chinese"),
            _a("54", "标识不合格的处罚", "penalties for non-compliant labelling"),
        ),
    ),
    Source(
        "compulsory certification (CCC) rules",
        t("强制性产品认证管理规定", "Rules on compulsory product certification (CCC)"),
        None,
        unverified=True,
    ),
    Source(
        "Criminal Law",
        t("中华人民共和国刑法", "Criminal Law of the People's Republic of China"),
        None,
        (
            _a("213", "假冒注册商标罪", "counterfeiting a registered mark"),
            _a("214", "销售假冒注册商标的商品罪", "selling goods bearing a counterfeit mark"),
            _a("215", "非法制造、销售非法制造的注册商标标识罪", "making or selling forged labels"),
            _a("216", "假冒专利罪", "passing off a patent"),
            _a("217", "侵犯著作权罪", "copyright infringement"),
            _a("218", "销售侵权复制品罪", "selling infringing copies"),
            _a("285", "非法侵入、获取计算机信息系统数据", "intrusion into computer systems"),
            _a("286", "破坏计算机信息系统罪", "sabotage of computer systems"),
            _a("287", "利用计算机实施犯罪；帮助信息网络犯罪活动", "crimes committed by computer"),
        ),
    ),
    Source(
        "Fa Shi [2025] No. 5",
        t(
            "最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件适用法律若干问题的解释"
            "（法释〔2025〕5号）",
            "SPC/SPP Interpretation on criminal IP cases (Fa Shi [2025] No. 5)",
        ),
        "2025-04-26",
        note=t(
            "取代2004、2007、2020年的解释；各项立案标准尚未对照原文核实；二年内受过刑事处罚或"
            "行政处罚后再次实施的，入罪数额标准降低",
            "replaces the 2004, 2007 and 2020 interpretations; its thresholds are not yet "
            "checked against the primary text; a repeat after a criminal or administrative "
            "penalty within two years lowers the figures",
        ),
        unverified=True,
        checked=(
            "31 articles, in force 2025-04-26, lower figures after a criminal or administrative "
            "penalty within two years: Xinhua report of 2025-04-24 at "
            "https://reportify.cn/news/1112877240397467648 and the SPP officials' reading at "
            "https://www.hfiplaw.cn/details/21560.html, read 2026-12-05; the primary text, its "
            "article numbers and figures not read",
        ),
    ),
    Source(
        "2011 Opinions on IP criminal cases",
        t(
            "最高人民法院、最高人民检察院、公安部关于办理侵犯知识产权刑事案件适用法律若干问题的"
            "意见（2011）",
            "SPC/SPP/MPS Opinions on questions of law in criminal IP cases (2011)",
        ),
        "2011-01-10",
        (
            _a(
                "13",
                "以营利为目的通过信息网络传播他人作品，非法经营额五万元以上、作品五百件（部）以上、"
                "实际被点击数五万次以上、会员制注册会员一千人以上，或两项以上各达一半的，属刑法"
                "第217条“其他严重情节”；达五倍的属“其他特别严重情节”",
                "disseminating others' works online for profit is 'other serious circumstances' "
                "of Criminal Law Art. 217 at RMB 50,000 business volume, 500 works, 50,000 "
                "actual clicks or 1,000 registered members, or two of these at half each; five "
                "times is 'particularly serious'",
                unverified=True,
            ),
        ),
        note=t(
            "与法释〔2025〕5号的关系（是否被取代或调整）未核实。",
            "How it stands beside Fa Shi [2025] No. 5 (replaced or adjusted) is unverified.",
        ),
        checked=(
            "the figures, as the opinions' text quoted at "
            "https://www.yleee.com.cn/forum.php?goto=lastpost&mod=redirect&tid=7348 and "
            "Xinhua's report of 2011-01-11 at http://m.fsis.com.cn/news/wangluofuwu/101980.html, "
            "read 2026-12-05; the article number 13 not seen in what was read",
        ),
    ),
    Source(
        "SPC patent interpretation 2009",
        t(
            "最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释（2009）",
            "SPC Interpretation on patent infringement disputes (2009)",
        ),
        "2010-01-01",
        (
            _a(
                "18",
                "收到警告者催告后一个月内（或催告发出两个月内）权利人不撤回也不起诉的，"
                "可提起确认不侵权之诉",
                "the warned party may sue for a declaration of non-infringement when the holder "
                "neither withdraws nor sues within 1 month of its reminder (2 months of dispatch)",
            ),
        ),
    ),
    Source(
        "SPC Provisions on Trial of Cases by Internet Courts (2018)",
        t(
            "最高人民法院关于互联网法院审理案件若干问题的规定（2018）",
            "SPC Provisions on trial of cases by Internet courts (2018)",
        ),
        "2018-09-07",
        (
            _a(
                "2",
                "北京、广州、杭州互联网法院集中管辖所在市辖区内应由基层法院受理的第一审涉网案件，"
                "包括网络著作权权属及侵权纠纷、域名纠纷、网络侵害人身权益纠纷等",
                "the Beijing, Guangzhou and Hangzhou Internet Courts hear, for their cities, the "
                "first-instance online cases of basic courts, among them online copyright "
                "ownership and infringement, domain names and online harm to personal rights",
            ),
            _a(
                "11",
                "以电子签名、可信时间戳、哈希校验、区块链等方式固定的电子数据，真实性可予确认",
                "electronic data fixed by signatures, trusted timestamps, hash checks or "
                "blockchain is accepted as authentic once shown so",
            ),
        ),
    ),
    Source(
        "Civil Procedure Law",
        t("中华人民共和国民事诉讼法（2023年修正）", "Civil Procedure Law of the PRC (2023)"),
        "2024-01-01",
        (
            _a(
                "29",
                "侵权诉讼由侵权行为地或被告住所地法院管辖（民事起诉状的管辖依据）",
                "a suit over an infringement goes to the court where it took place or where "
                "the defendant is domiciled (the civil complaint's ground of jurisdiction)",
                unverified=True,
            ),
            _a(
                "122",
                "起诉的条件：适格原告、明确的被告、具体的诉讼请求和事实理由、属于受诉法院管辖",
                "what a suit needs: a proper plaintiff, a named defendant, specific claims with "
                "facts and reasons, and a court that has jurisdiction",
            ),
            _a(
                "124",
                "起诉状应写明的事项：当事人信息、诉讼请求及事实理由、证据及其来源",
                "what a complaint states: the parties, the claims with their facts and reasons, "
                "and the evidence with its sources",
            ),
        ),
        checked=(
            "Arts. 122 and 124 as quoted (2021/2023 numbering) at "
            "http://uianet.net/dictionary/b12896801.html and "
            "http://uianet.net/dictionary/b10463023.html, read 2026-12-06; the primary text and "
            "Art. 29's number in the 2023 text not read",
        ),
    ),
    Source(
        "SPC Provisions on Evidence in Civil Procedure",
        t(
            "最高人民法院关于民事诉讼证据的若干规定（2019年修正）",
            "SPC Provisions on evidence in civil procedure (2019)",
        ),
        "2020-05-01",
        (
            _a("14", "电子数据的范围", "what counts as electronic data"),
            _a("15", "电子数据的原件", "originals of electronic data"),
            _a(
                "93",
                "审查电子数据真实性的因素：软硬件环境、保存传输提取方法、保管主体",
                "what a court weighs for authenticity: the environment, how the data was kept "
                "and extracted, and who kept it",
            ),
            _a(
                "94",
                "中立第三方平台提供或经公证的电子数据推定真实",
                "data from a neutral third-party platform or notarised is presumed authentic",
            ),
        ),
    ),
    Source(
        "Order 292",
        t(
            "互联网信息服务管理办法（国务院令第292号）",
            "Measures on Internet information services (State Council Order 292)",
        ),
        None,
        (
            _a(
                "19",
                "未履行备案手续擅自从事非经营性互联网信息服务或超出备案项目的，责令限期改正；"
                "拒不改正的，责令关闭网站（第2款）",
                "non-commercial services without a filing, or beyond it: correction ordered; "
                "refused, the site is closed (para. 2)",
            ),
            _a(
                "22",
                "未在网站主页上标明经营许可证编号或备案编号的，责令改正，处五千元以上五万元以下罚款",
                "no licence or filing number on the home page: correction ordered and a fine of "
                "RMB 5,000 to 50,000",
            ),
        ),
        checked=(
            "Arts. 19(2) and 22 as quoted by the Shaanxi and Xinjiang communications "
            "administrations' lists of powers (2018), e.g. http://www.njeast.com/qzqd/"
            "sxstxglj/qlqd/xzcf4248/art/2020/art_d4a49a05b40249a1a76bfaa8ee929ea1.html, read "
            "2026-12-05",
        ),
    ),
    Source(
        "MIIT Order No. 33",
        t(
            "非经营性互联网信息服务备案管理办法（信息产业部令第33号）",
            "Measures on filing of non-commercial Internet information services (MIIT Order 33)",
        ),
        "2005-03-20",
        (
            _a(
                "13", "备案编号须在网站首页底部中间标明并链接", "the filing number shown and linked"
            ),
            _a(
                "22",
                "未履行备案手续的，责令限期改正并处一万元罚款，拒不改正的关闭网站；超出备案项目的，"
                "处五千元以上一万元以下罚款，拒不改正的关闭网站并注销备案",
                "no filing: correction ordered and a fine of RMB 10,000, the site closed if "
                "refused; beyond the filed items: RMB 5,000 to 10,000, the site closed and the "
                "filing cancelled if refused",
            ),
            _a(
                "23",
                "填报虚假备案信息的，关闭网站并注销备案",
                "false filing information: the site is closed and the filing cancelled",
                unverified=True,
            ),
            _a(
                "25",
                "未在备案编号下方链接备案管理系统或未放置电子验证标识的，责令改正并处罚款",
                "no link to the filing system under the number, or no electronic verification "
                "mark: correction ordered and a fine",
                unverified=True,
            ),
        ),
        checked=(
            "Art. 13 and Art. 22 (fines) as quoted by the Shaanxi and Xinjiang communications "
            "administrations' lists of powers and at http://www.edong.com/help_show.php?"
            "cls_id=34&id=349, read 2026-12-05",
            "Arts. 23 (false filing information) and 25: not found in any text read; from the "
            "project's notes only",
        ),
    ),
    Source(
        "CNDRP",
        t(
            "国家顶级域名争议解决办法（CNNIC，2019）",
            "CNNIC Domain Name Dispute Resolution Policy (2019)",
        ),
        "2019-06-18",
        (
            _a(
                "2",
                "仅受理注册不满三年的域名",
                "only names registered for less than three years",
            ),
            _a(
                "3",
                "域名争议由中国互联网络信息中心认可的争议解决机构受理",
                "disputes go to dispute resolution providers CNNIC has approved",
            ),
            _a(
                "8",
                "投诉成立的三个要件：与投诉人享有权益的名称或标志相同或混淆性近似；持有人无合法权益；"
                "恶意注册或者使用",
                "the three elements of a complaint: identical or confusingly similar to a name "
                "or mark of the complainant; no rights of the holder; registration or use in bad "
                "faith",
                unverified=True,
            ),
            _a(
                "9",
                "恶意的情形：为出售、出租或转让给投诉人或其竞争对手牟利；多次注册以阻止他人使用；"
                "损害投诉人声誉、破坏其业务或混淆误导公众；其他恶意情形",
                "circumstances of bad faith: to sell, rent or transfer to the complainant or a "
                "competitor for gain; repeated registration to block others; to harm the "
                "complainant's reputation, disrupt its business or mislead the public; others",
                unverified=True,
            ),
        ),
        checked=(
            "Arts. 2 (three years), 3 and 5 of the 2019 text at http://www.daegutex.com/"
            "index.php?m=Article&a=show&id=13411, read 2026-12-05; the excerpt ends before "
            "Art. 8, whose number and content are not yet read",
        ),
    ),
    Source(
        "HKIAC CNDRP fee schedule",
        t(
            "香港国际仲裁中心CNDRP费用表及补充规则",
            "HKIAC CNDRP fee schedule and supplemental rules",
        ),
        None,
        note=t(
            "人民币：独任专家1个域名8,000元、2–5个12,000元、6–10个16,000元；三人专家组14,000元、"
            "20,000元、24,000元；10个以上由中心决定。提交投诉后3日内缴纳，8日内未缴视为撤回。",
            "RMB: one panellist 8,000 (one domain), 12,000 (2-5), 16,000 (6-10); three "
            "panellists 14,000, 20,000, 24,000; above 10 HKIAC decides. Due within 3 days of "
            "filing; unpaid after 8 days the complaint counts as withdrawn.",
        ),
        checked=(
            "the schedule and the 3-/8-day terms at https://hkiac.org/zh-hans/ip-and-domain-name/"
            "domain-dispute-resolution/domain-name-dispute-resolutions/cndrp (HKIAC's own "
            "page), read 2026-12-05",
        ),
    ),
    Source(
        "UDRP",
        t("统一域名争议解决政策（ICANN）", "Uniform Domain-Name Dispute-Resolution Policy (ICANN)"),
        None,
        (
            _a(
                "4(a)",
                "三个要件：相同或混淆性近似、无权利或合法利益、恶意注册并使用",
                "three elements: identical or confusingly similar, no rights or legitimate "
                "interests, registered and used in bad faith",
            ),
            _a(
                "4(b)",
                "恶意注册和使用的情形：为向投诉人或其竞争对手出售；阻止商标所有人以域名反映其商标"
                "的行为模式；扰乱竞争对手业务；为牟利故意制造混淆吸引用户",
                "evidence of bad faith: registration to sell to the complainant or a competitor; "
                "a pattern of blocking the mark owner; disrupting a competitor's business; "
                "attracting users for gain by creating confusion",
                unverified=True,
            ),
        ),
    ),
    Source(
        "17 USC",
        t("美国法典第17编（版权法）", "Title 17, United States Code (copyright)"),
        None,
        (
            _a(
                "512(c)(3)(A)",
                "DMCA通知的六项内容：签名、作品、侵权材料及其位置、联系方式、善意声明、"
                "伪证处罚下的准确与授权声明",
                "the six parts of a DMCA notice: signature, work, material and its location, "
                "contact details, good-faith statement, accuracy and authority under penalty "
                "of perjury",
            ),
            _a(
                "512(g)",
                "反通知及十至十四个工作日后恢复；期间自服务商收到反通知之日起算（(2)(C)）",
                "counter-notice; restoration not less than 10 nor more than 14 business days "
                "after the provider received the counter notice ((2)(C))",
            ),
        ),
        checked=(
            "512(g)(2)(C): the put-back days run from the provider's receipt of the counter "
            "notice: Public Law 105-304, 112 Stat. 2883, as transcribed at "
            "http://en.m.wikisource.org/wiki/Page:United_States_Statutes_at_Large_Volume_112_"
            "Part_5.djvu/125 (the enacted text), read 2026-12-05",
        ),
    ),
    Source(
        "Digital Services Act",
        t(
            "欧盟数字服务法（条例 (EU) 2022/2065）",
            "EU Digital Services Act (Regulation (EU) 2022/2065)",
        ),
        "2024-02-17",
        (
            _a(
                "16",
                "通知与行动机制：理由说明、确切网址、姓名和电子邮件、善意声明",
                "notice and action: a reasoned explanation, exact URLs, name and e-mail, a "
                "good-faith statement",
            ),
        ),
    ),
)

_BY_INSTRUMENT = {s.instrument: s for s in SOURCES}


def all_sources() -> tuple[Source, ...]:
    return SOURCES


def get_source(instrument: str) -> Source:
    try:
        return _BY_INSTRUMENT[instrument]
    except KeyError:
        raise NotFound("source", instrument) from None


def cites_known_source(instrument: str, article: str | None) -> bool:
    """True when the register lists ``instrument`` and, if given, ``article`` under it."""
    source = _BY_INSTRUMENT.get(instrument)
    if source is None:
        return False
    return article is None or source.article(article) is not None
