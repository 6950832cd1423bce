"""The settings' help in Chinese, beside the English ``help`` of ``settings.SETTINGS``
(a test fails when a setting has no Chinese help)."""

from __future__ import annotations

HELP_ZH: dict[str, str] = {
    "database_url": "数据库的 SQLAlchemy 地址。留空即使用工作区的 SQLite 文件 rightsguard.db；"
    "postgresql+psycopg://user@host/db 表示使用 PostgreSQL。",
    "evidence_dir": "按内容寻址的证据库目录（相对于工作区）。",
    "operator": "记入每条审计事件的操作人名称（默认：系统用户名）。",
    "language": "文书和消息的语言：zh-CN 或 en。",
    "capture_max_age_days": "取证超过此天数即不再算作“先固定证据”规则所要求的新近证据。",
    "allow_private_targets": "允许对回环和内网地址取证、查询（仅限沙箱和演示）。",
    "import_batch_size": "导入目标时每次数据库往返写入的行数。",
    "capture_timeout_seconds": "一次取证的总时长上限。",
    "capture_max_response_bytes": "单个响应最多保留的字节数。",
    "capture_max_total_bytes": "一次取证全部响应的字节数上限。",
    "capture_max_requests": "一次取证最多发出的请求数。",
    "capture_max_redirects": "一次取证最多跟随的重定向次数。",
    "capture_settle_seconds": "页面加载后等待网络静止的最长时间。",
    "capture_scroll_steps": "为加载延迟内容而滚动的屏数。",
    "timestamp_each_capture": "为每次取证的 WACZ 申请时间戳（关闭：只为账本检查点加盖时间戳，"
    "批量取证共用一个）。",
    "chromium_path": "浏览器取证所用 Chromium 程序的路径。",
    "rdap_servers": "按顶级域指定 RDAP 服务器，覆盖 IANA 引导表（环境变量中为 JSON）。",
    "whois_servers": "按顶级域指定 WHOIS 服务器 host:port，覆盖默认值（环境变量中为 JSON）。",
    "tsa_url": "RFC 3161 可信时间戳服务的地址（如国家授时中心）；留空：证据处于“等待时间戳”状态。",
    "tsa_ca_file": "时间戳服务根证书（及中间证书）的 PEM 文件；保存时间戳前先据此验证。",
    "tsa_username": "需要 HTTP 认证的时间戳服务的用户名。",
    "tsa_password": "需要 HTTP 认证的时间戳服务的密码。",
    "tsa_timeout_seconds": "等待时间戳服务的时长，超时后稍后重试。",
    "role": "命令行中的角色：analyst、liaison、counsel 或 admin（审批和规则豁免据此检查；"
    "网页端使用账户）。",
    "smtp_url": "发信服务器，如 smtp://user:pass@host:587?starttls=true 或 "
    "smtps://user:pass@host:465。",
    "smtp_from": "以电子邮件发送函件和通知时的发件地址。",
    "smtp_ca_file": "发信服务器 TLS 所信任的 CA 证书 PEM 文件（默认：系统证书）。",
    "smtp_max_attachment_mb": "超过此大小的文书不作附件发送，邮件中说明获取方式。",
    "smtp_timeout_seconds": "等待发信服务器的时长。",
    "download_base_url": "过大文书的下载地址：邮件中给出 <download_base_url>/<sha256> 链接"
    "（留空：邮件说明可应要求提供）。",
    "recheck_schedules": '监控中的目标何时复查：行动类型（或 *）-> "天数,间隔"：行动后每天复查'
    '若干天，之后每隔若干天（默认 "14,7"；环境变量中为 JSON）。',
    "job_runner": "后台任务的运行方式：inline（进程内工作线程，状态存于数据库）或 celery"
    "（broker_url 上的 Celery 工作进程）。",
    "broker_url": "job_runner = celery 时的消息代理：redis://… 或 amqp://…（RabbitMQ）。",
    "job_lease_seconds": "运行中任务的租期；工作进程中断的任务在租期过后被重新执行。",
    "web_session_hours": "网页工作台一次登录的有效时长。",
    "web_threads": "每个工作台服务进程同时处理的请求数（1-64），其余排队；"
    "数量少可使繁忙时最慢的响应也较短；等待网络（如发信服务器）的请求占用一个名额。",
    "web_secure_cookies": "即使请求经明文 HTTP 到达，也为会话 Cookie 加 Secure 标记"
    "（用于 TLS 终止代理之后；HTTPS 请求总会加）。",
    "allow_self_approval": "允许起草人自己审批（单人团队）；每次此类审批都记入审计日志。"
    "关闭：须由另一人审批（四眼原则）。",
    "login_max_failures": "每个用户名 15 分钟内允许的登录失败次数，超过即锁定该用户名"
    "（同一地址在所有用户名上累计达四倍次数即锁定该地址）。每次失败都记入审计日志。",
    "login_lockout_minutes": "被锁定的用户名或地址需要等待的时长。",
    "web_max_body_bytes": "工作台接受的最大请求体（含证据上传）；更大的请求在读取前即以 413 拒绝。",
    "replay_url": "回放服务器（pywb）的基础地址，在证据查看器中以独立源展示已取证页面；"
    "留空：rightsguard serve 在端口 + 1 上启动一个。",
    "dns_resolvers": "使用的 DNS 解析服务器，host 或 host:port（JSON 列表或逗号分隔）。",
    "network": "网络查询、取证和抓取所走的网络：internet（互联网）或 sandbox"
    "（本地替身，在其程序包已加载时）。--sandbox 等参数可为单条命令选择。",
    "ct_log_url": "rightsguard discover ct 读取新证书的证书透明度日志（RFC 6962）地址，"
    "不含 /ct/v1（如 https://ct.googleapis.com/logs/us1/argon2025h2）。",
    "zone_file": "rightsguard discover zone 与上次保存的副本比较的当日区域文件"
    "（路径或 http(s) 地址）。",
}
