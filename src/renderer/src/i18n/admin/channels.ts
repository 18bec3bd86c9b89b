/** UI strings of the admin console's channels screens, English and Japanese (チャネル = channel, 担当者 = agent). */
export const channelsEn = {
  'channels.title': 'Channels',
  'channels.verified': 'Verified',
  'channels.unverified': 'Unverified',
  'channels.name': 'Name',
  'channels.nameHint': 'What agents see in the inbox, e.g. “Support JP”.',
  'channels.optional': '(optional)',
  'channels.generateAgain': 'Generate again',
  'channels.generateAgainFor': 'Generate {field} again',

  'channels.list.caption': 'Channels',
  'channels.list.kind': 'Kind',
  'channels.list.name': 'Name',
  'channels.list.identity': 'Number / bot',
  'channels.list.verification': 'Verified',
  'channels.list.health': 'Health',
  'channels.list.agents': 'Linked agents',
  'channels.list.credits': 'Credits',
  'channels.list.balance': '{balance} credits',
  'channels.list.noAgents': 'None',
  'channels.list.unknownAgent': 'Unknown agent',
  'channels.list.empty': 'No channels yet. Add one to start receiving messages.',

  'channels.add.open': 'Add channel',
  'channels.add.title': 'Add a channel',
  'channels.add.titleFor': 'Add a {provider} channel',
  'channels.add.chooseProvider': 'Choose the provider',
  'channels.add.formLabel': 'The channel’s credentials',
  'channels.add.otherProvider': 'Choose another provider',
  'channels.add.save': 'Save',
  'channels.add.savedTitle': '“{name}” is saved',
  'channels.add.savedVerified': 'The provider verified the credentials. Now set up the provider’s side:',
  'channels.add.savedUnverified':
    'Saved unverified: the provider did not confirm the credentials. Check them, then set up the provider’s side:',
  'channels.add.done': 'Done',

  'channels.verify.button': 'Verify',
  'channels.verify.running': 'Verifying…',
  'channels.verify.first': 'Verify the credentials with the provider before saving.',
  'channels.verify.found': 'The provider knows these credentials: {label}',
  'channels.verify.refused': 'The provider refused these credentials:',
  'channels.verify.saveUnverified': 'Save unverified',
  'channels.verify.unverifiedWarning':
    'Saving unverified keeps credentials the provider did not accept: sends may fail until they are corrected. The channel is marked “Unverified” until credentials are verified.',

  'channels.detail.displayPhoneNumber': 'Display phone number',
  'channels.detail.verifiedName': 'Verified name',
  'channels.detail.qualityRating': 'Quality rating',
  'channels.detail.phoneNumberId': 'Phone number ID',
  'channels.detail.botId': 'Bot ID',
  'channels.detail.username': 'Username',
  'channels.detail.name': 'Name',
  'channels.detail.displayName': 'Bot name',
  'channels.detail.basicId': 'Basic ID',
  'channels.detail.premiumId': 'Premium ID',
  'channels.detail.userId': 'Bot user ID',
  'channels.detail.channelId': 'Channel ID',
  'channels.detail.appId': 'AppID',
  'channels.detail.accessToken': 'Access token',
  'channels.detail.expiresInSeconds': 'Token lifetime (seconds)',
  'channels.detail.mode': 'Message mode',
  'channels.detail.accountSid': 'Account SID',
  'channels.detail.friendlyName': 'Account name',
  'channels.detail.status': 'Account status',
  'channels.detail.type': 'Account type',
  'channels.detail.sender': 'Sender',
  'channels.detail.senderStatus': 'Sender check',

  'channels.field.whatsapp.phoneNumberId': 'Phone number ID',
  'channels.hint.whatsapp.phoneNumberId':
    'Meta App Dashboard → WhatsApp → API Setup → “Phone number ID” (a long number, not the phone number itself).',
  'channels.field.whatsapp.wabaId': 'WhatsApp Business Account ID',
  'channels.hint.whatsapp.wabaId': 'Same page: “WhatsApp Business Account ID”. Needed for templates.',
  'channels.field.whatsapp.accessToken': 'Access token',
  'channels.hint.whatsapp.accessToken':
    'A system user’s permanent token: Meta Business Settings → Users → System users → Generate new token, with whatsapp_business_messaging and whatsapp_business_management (API Setup’s temporary token expires after 24 hours).',
  'channels.field.whatsapp.appSecret': 'App secret',
  'channels.hint.whatsapp.appSecret':
    'Meta App Dashboard → App settings → Basic → App secret (Show). The hub checks every webhook’s signature with it.',
  'channels.field.whatsapp.verifyToken': 'Verify token',
  'channels.hint.whatsapp.verifyToken':
    'You invent it (generated here). After saving, paste it with the callback URL in WhatsApp → Configuration → Webhook.',
  'channels.field.whatsapp.displayPhoneNumber': 'Display phone number',
  'channels.hint.whatsapp.displayPhoneNumber':
    'The number customers see, digits only (e.g. 819012345678), for click-to-chat links.',
  'channels.field.whatsapp.appId': 'App ID',
  'channels.hint.whatsapp.appId':
    'Meta App Dashboard → App settings → Basic → App ID. Only needed to upload sample media for template headers.',
  'channels.field.twilio.accountSid': 'Account SID',
  'channels.hint.twilio.accountSid':
    'Twilio Console → Account Dashboard → Account Info → Account SID (starts with AC).',
  'channels.field.twilio.authToken': 'Auth token',
  'channels.hint.twilio.authToken':
    'Same place: Auth Token (Show). The hub also checks Twilio’s request signatures with it.',
  'channels.field.twilio.from': 'WhatsApp sender',
  'channels.hint.twilio.from':
    'Messaging → Senders → WhatsApp senders (or the Sandbox’s number), written as whatsapp:+14155238886.',
  'channels.field.telegram.botToken': 'Bot token',
  'channels.hint.telegram.botToken':
    'From @BotFather in Telegram: /newbot for a new bot, or /mybots → your bot → API Token for an existing one.',
  'channels.field.telegram.secretToken': 'Secret token',
  'channels.hint.telegram.secretToken':
    'Generated here, nothing to paste: the hub gives it to Telegram with setWebhook and Telegram sends it back with every update.',
  'channels.field.line.channelId': 'Channel ID',
  'channels.hint.line.channelId':
    'LINE Developers Console → your provider → the Messaging API channel → Basic settings → Channel ID.',
  'channels.field.line.channelSecret': 'Channel secret',
  'channels.hint.line.channelSecret':
    'Basic settings → Channel secret. The hub checks every webhook’s signature with it.',
  'channels.field.line.channelAccessToken': 'Channel access token',
  'channels.hint.line.channelAccessToken': 'Messaging API tab → Channel access token (long-lived) → Issue.',
  'channels.field.wechat.appId': 'AppID',
  'channels.hint.wechat.appId':
    'WeChat Official Accounts Platform (mp.weixin.qq.com) → 设置与开发 → 基本配置 → 开发者ID (AppID).',
  'channels.field.wechat.appSecret': 'AppSecret',
  'channels.hint.wechat.appSecret':
    'Same page: 开发者密码 (AppSecret). Add the hub’s public IP address to the IP whitelist (IP白名单) there, or WeChat refuses it (40164).',
  'channels.field.wechat.token': 'Token',
  'channels.hint.wechat.token':
    'You invent it (generated here, letters and digits). After saving, paste it into 服务器配置 → 令牌 (Token).',
  'channels.field.wechat.encodingAESKey': 'EncodingAESKey',
  'channels.hint.wechat.encodingAESKey':
    'For safe mode (安全模式, recommended): generated here, paste it into 服务器配置 → 消息加解密密钥. Leave it empty for plaintext mode.',

  'channels.setup.title': 'Set up the provider',
  'channels.setup.value.webhookUrl': 'Webhook URL',
  'channels.setup.value.statusCallbackUrl': 'Status callback URL',
  'channels.setup.value.verifyToken': 'Verify token',
  'channels.setup.value.serverToken': 'Token (令牌)',
  'channels.setup.value.encodingAESKey': 'EncodingAESKey (消息加解密密钥)',
  'channels.setup.value.encryptionMode': 'Message encryption (消息加解密方式)',
  'channels.setup.mode.safe': '安全模式 (safe mode)',
  'channels.setup.mode.plaintext': '明文模式 (plaintext mode)',
  'channels.setup.where.whatsapp':
    'In the Meta App Dashboard → WhatsApp → Configuration → Webhook → Edit: paste the callback URL (the webhook URL) and the verify token, then “Verify and save”. Then, under Webhook fields, subscribe to the fields below.',
  'channels.setup.where.twilio':
    'In the Twilio Console → Messaging → Senders → WhatsApp senders → your sender (or the Sandbox settings): paste the URL into the webhook for incoming messages (“A message comes in”, HTTP POST) and into the status callback URL.',
  'channels.setup.where.telegram': 'Telegram needs nothing pasted.',
  'channels.setup.where.line':
    'In the LINE Developers Console → the Messaging API channel → Messaging API tab: paste the URL into Webhook URL, press Verify, and turn on “Use webhook”. Turn off auto-reply messages in the LINE Official Account Manager if agents answer.',
  'channels.setup.where.wechat':
    'In the WeChat Official Accounts Platform → 设置与开发 → 基本配置 → 服务器配置 → 修改配置: paste the URL, the Token and the EncodingAESKey, choose the message encryption below, submit, then 启用 (enable).',
  'channels.setup.events.whatsapp': 'Webhook fields to subscribe (WhatsApp Business Account)',
  'channels.setup.events.twilio': 'Where the URL goes',
  'channels.setup.events.telegram': 'Updates the hub asks Telegram for',
  'channels.setup.events.line': 'Events LINE sends to the URL (all of them, once “Use webhook” is on)',
  'channels.setup.events.wechat': 'Pushes WeChat sends to the URL (all of them)',
  'channels.setup.hubWebhook': 'The hub registered its webhook with Telegram itself (setWebhook): nothing to paste.',
  'channels.setup.longPolling':
    'The hub has no public URL, so it asks Telegram for new messages itself (long polling): nothing to paste. With a public https URL it sets a webhook instead.',
  'channels.setup.noPublicUrl':
    'The hub has no public URL (SWITCHBOARD_PUBLIC_URL), so the provider cannot reach it and there is no webhook URL to give.',
  'channels.setup.notHttps': 'The hub’s public URL {url} is not https: providers only call https webhook URLs.',
  'channels.setup.readDocs': 'Put the hub behind a reverse proxy with TLS and set SWITCHBOARD_PUBLIC_URL: see {docs}.',

  'channels.page.back': 'All channels',
  'channels.page.verification': 'Credentials',
  'channels.page.neverChecked': 'Never checked with the provider.',
  'channels.page.checkedAt':
    'Checked with the provider when these credentials were saved, on {time}. Whether they still work now is under Health.',
  'channels.page.unverifiedReason': 'The provider said:',
  'channels.page.settings': 'Name and settings',
  'channels.settings.autoConvert': 'Turn new conversations into tickets',
  'channels.settings.autoConvertHint': 'Each new conversation gets a ticket number.',
  'channels.settings.autoAssign': 'Assign new conversations automatically',
  'channels.settings.autoAssignHint':
    'To the online linked agent with the fewest open conversations. Off: they wait unassigned for any linked agent.',
  'channels.settings.publicHandle': 'Public handle',
  'channels.settings.publicHandleHint.whatsapp': 'The WhatsApp number for click-to-chat links, e.g. 819012345678.',
  'channels.settings.publicHandleHint.twilio': 'The WhatsApp number for click-to-chat links, e.g. +14155238886.',
  'channels.settings.publicHandleHint.telegram': 'The bot’s @username for t.me links.',
  'channels.settings.publicHandleHint.line': 'The LINE Official Account basic ID, e.g. @abc1234x.',
  'channels.settings.publicHandleHint.wechat': 'The Official Account original ID (gh_…) or WeChat ID.',
  'channels.settings.save': 'Save changes',
  'channels.settings.saved': 'Saved.',
  'channels.rotate.title': 'Rotate credentials',
  'channels.rotate.open': 'Enter new credentials',
  'channels.rotate.intro':
    'Enter the channel’s credentials again, e.g. with a new token. They must belong to the same number or bot; they are verified before they replace the old ones.',
  'channels.rotate.save': 'Replace credentials',

  'channels.trash.sectionTitle': 'Delete',
  'channels.trash.explain':
    'The channel goes to the trash with its conversations: agents no longer see them and its webhooks are refused until it is restored. Credentials and credits are kept.',
  'channels.trash.delete': 'Delete channel…',
  'channels.trash.confirmTitle': 'Delete “{name}”?',
  'channels.trash.confirmText':
    'It moves to the trash with its conversations. Agents stop seeing them, messages to it are refused, and nothing can be sent on it. You can restore it from the trash.',
  'channels.trash.confirm': 'Move to the trash',
  'channels.trash.moved': '“{name}” was moved to the trash.',
  'channels.trash.undo': 'Undo',
  'channels.trash.title': 'Trash',
  'channels.trash.empty': 'The trash is empty.',
  'channels.trash.restore': 'Restore',
  'channels.trash.restoreName': 'Restore {name}',
} as const;

export const channelsJa: Record<keyof typeof channelsEn, string> = {
  'channels.title': 'チャネル',
  'channels.verified': '確認済み',
  'channels.unverified': '未確認',
  'channels.name': '名前',
  'channels.nameHint': '受信箱で担当者に表示される名前です（例：「サポート JP」）。',
  'channels.optional': '（任意）',
  'channels.generateAgain': '再生成',
  'channels.generateAgainFor': '{field}を再生成',

  'channels.list.caption': 'チャネル一覧',
  'channels.list.kind': '種類',
  'channels.list.name': '名前',
  'channels.list.identity': '番号 / ボット',
  'channels.list.verification': '確認',
  'channels.list.health': '状態',
  'channels.list.agents': '紐付けられた担当者',
  'channels.list.credits': 'クレジット',
  'channels.list.balance': '{balance} クレジット',
  'channels.list.noAgents': 'なし',
  'channels.list.unknownAgent': '不明な担当者',
  'channels.list.empty': 'チャネルはまだありません。追加するとメッセージを受信できます。',

  'channels.add.open': 'チャネルを追加',
  'channels.add.title': 'チャネルの追加',
  'channels.add.titleFor': '{provider} チャネルの追加',
  'channels.add.chooseProvider': 'プロバイダーを選択',
  'channels.add.formLabel': 'チャネルの認証情報',
  'channels.add.otherProvider': '別のプロバイダーを選ぶ',
  'channels.add.save': '保存',
  'channels.add.savedTitle': '「{name}」を保存しました',
  'channels.add.savedVerified': 'プロバイダーが認証情報を確認しました。次にプロバイダー側を設定してください：',
  'channels.add.savedUnverified':
    '未確認のまま保存しました（プロバイダーが認証情報を確認できませんでした）。内容を確認し、プロバイダー側を設定してください：',
  'channels.add.done': '完了',

  'channels.verify.button': '確認',
  'channels.verify.running': '確認中…',
  'channels.verify.first': '保存する前に、プロバイダーで認証情報を確認してください。',
  'channels.verify.found': 'プロバイダーがこの認証情報を確認しました：{label}',
  'channels.verify.refused': 'プロバイダーがこの認証情報を拒否しました：',
  'channels.verify.saveUnverified': '未確認のまま保存',
  'channels.verify.unverifiedWarning':
    '未確認のまま保存すると、プロバイダーが受け付けなかった認証情報が保存されます。修正するまで送信に失敗することがあります。認証情報が確認されるまで、このチャネルには「未確認」と表示されます。',

  'channels.detail.displayPhoneNumber': '表示電話番号',
  'channels.detail.verifiedName': '認証済みの名前',
  'channels.detail.qualityRating': '品質評価',
  'channels.detail.phoneNumberId': '電話番号 ID',
  'channels.detail.botId': 'ボット ID',
  'channels.detail.username': 'ユーザー名',
  'channels.detail.name': '名前',
  'channels.detail.displayName': 'ボット名',
  'channels.detail.basicId': 'ベーシック ID',
  'channels.detail.premiumId': 'プレミアム ID',
  'channels.detail.userId': 'ボットのユーザー ID',
  'channels.detail.channelId': 'チャネル ID',
  'channels.detail.appId': 'AppID',
  'channels.detail.accessToken': 'アクセストークン',
  'channels.detail.expiresInSeconds': 'トークンの有効期間（秒）',
  'channels.detail.mode': 'メッセージモード',
  'channels.detail.accountSid': 'Account SID',
  'channels.detail.friendlyName': 'アカウント名',
  'channels.detail.status': 'アカウントの状態',
  'channels.detail.type': 'アカウントの種類',
  'channels.detail.sender': '送信元',
  'channels.detail.senderStatus': '送信元の確認',

  'channels.field.whatsapp.phoneNumberId': '電話番号 ID',
  'channels.hint.whatsapp.phoneNumberId':
    'Meta のアプリダッシュボード → WhatsApp → API Setup →「電話番号 ID」（電話番号そのものではなく長い数字です）。',
  'channels.field.whatsapp.wabaId': 'WhatsApp Business アカウント ID',
  'channels.hint.whatsapp.wabaId': '同じページの「WhatsApp Business アカウント ID」。テンプレートに必要です。',
  'channels.field.whatsapp.accessToken': 'アクセストークン',
  'channels.hint.whatsapp.accessToken':
    'システムユーザーの永続トークン：Meta ビジネス設定 → ユーザー → システムユーザー → 新しいトークンを生成（whatsapp_business_messaging と whatsapp_business_management）。API Setup の一時トークンは 24 時間で失効します。',
  'channels.field.whatsapp.appSecret': 'app シークレット',
  'channels.hint.whatsapp.appSecret':
    'Meta のアプリダッシュボード → アプリの設定 → ベーシック → app シークレット（表示）。ハブはこれで Webhook の署名を検証します。',
  'channels.field.whatsapp.verifyToken': '認証トークン（Verify token）',
  'channels.hint.whatsapp.verifyToken':
    '任意の値です（ここで生成されます）。保存後、コールバック URL と一緒に WhatsApp → 設定 → Webhook に貼り付けます。',
  'channels.field.whatsapp.displayPhoneNumber': '表示電話番号',
  'channels.hint.whatsapp.displayPhoneNumber':
    'お客様に見える番号を数字だけで（例：819012345678）。チャットリンクに使います。',
  'channels.field.whatsapp.appId': 'アプリ ID',
  'channels.hint.whatsapp.appId':
    'Meta のアプリダッシュボード → アプリの設定 → ベーシック → アプリ ID。テンプレートのヘッダー用サンプルをアップロードするときだけ必要です。',
  'channels.field.twilio.accountSid': 'Account SID',
  'channels.hint.twilio.accountSid':
    'Twilio Console → Account Dashboard → Account Info → Account SID（AC で始まります）。',
  'channels.field.twilio.authToken': 'Auth Token',
  'channels.hint.twilio.authToken': '同じ場所の Auth Token（Show）。ハブは Twilio のリクエスト署名もこれで検証します。',
  'channels.field.twilio.from': 'WhatsApp 送信元',
  'channels.hint.twilio.from':
    'Messaging → Senders → WhatsApp senders（またはサンドボックスの番号）。whatsapp:+14155238886 の形で入力します。',
  'channels.field.telegram.botToken': 'ボットトークン',
  'channels.hint.telegram.botToken':
    'Telegram の @BotFather から：新しいボットは /newbot、既存のボットは /mybots → ボット → API Token。',
  'channels.field.telegram.secretToken': 'シークレットトークン',
  'channels.hint.telegram.secretToken':
    'ここで生成されます。貼り付けは不要です：ハブが setWebhook で Telegram に渡し、Telegram は更新のたびにこれを送り返します。',
  'channels.field.line.channelId': 'チャネル ID',
  'channels.hint.line.channelId':
    'LINE Developers コンソール → プロバイダー → Messaging API チャネル → チャネル基本設定 → チャネル ID。',
  'channels.field.line.channelSecret': 'チャネルシークレット',
  'channels.hint.line.channelSecret':
    'チャネル基本設定 → チャネルシークレット。ハブはこれで Webhook の署名を検証します。',
  'channels.field.line.channelAccessToken': 'チャネルアクセストークン',
  'channels.hint.line.channelAccessToken': 'Messaging API 設定タブ → チャネルアクセストークン（長期）→ 発行。',
  'channels.field.wechat.appId': 'AppID',
  'channels.hint.wechat.appId':
    'WeChat 公式アカウントプラットフォーム（mp.weixin.qq.com）→ 设置与开发 → 基本配置 → 开发者ID（AppID）。',
  'channels.field.wechat.appSecret': 'AppSecret',
  'channels.hint.wechat.appSecret':
    '同じページの 开发者密码（AppSecret）。ハブの公開 IP アドレスを同じページの IP白名单 に追加してください。追加しないと WeChat に拒否されます（40164）。',
  'channels.field.wechat.token': 'Token',
  'channels.hint.wechat.token':
    '任意の値です（ここで英数字が生成されます）。保存後、服务器配置 → 令牌（Token）に貼り付けます。',
  'channels.field.wechat.encodingAESKey': 'EncodingAESKey',
  'channels.hint.wechat.encodingAESKey':
    '安全モード（安全模式、推奨）用：ここで生成され、服务器配置 → 消息加解密密钥 に貼り付けます。空のままなら明文モードです。',

  'channels.setup.title': 'プロバイダー側の設定',
  'channels.setup.value.webhookUrl': 'Webhook URL',
  'channels.setup.value.statusCallbackUrl': 'ステータスコールバック URL',
  'channels.setup.value.verifyToken': '認証トークン（Verify token）',
  'channels.setup.value.serverToken': 'Token（令牌）',
  'channels.setup.value.encodingAESKey': 'EncodingAESKey（消息加解密密钥）',
  'channels.setup.value.encryptionMode': 'メッセージの暗号化（消息加解密方式）',
  'channels.setup.mode.safe': '安全模式（安全モード）',
  'channels.setup.mode.plaintext': '明文模式（明文モード）',
  'channels.setup.where.whatsapp':
    'Meta のアプリダッシュボード → WhatsApp → 設定 → Webhook → 編集：コールバック URL（Webhook URL）と認証トークンを貼り付け、「確認して保存」を押します。続けて Webhook フィールドで下のフィールドをサブスクライブします。',
  'channels.setup.where.twilio':
    'Twilio Console → Messaging → Senders → WhatsApp senders → 送信元（またはサンドボックスの設定）：URL を受信メッセージの Webhook（「A message comes in」、HTTP POST）とステータスコールバック URL に貼り付けます。',
  'channels.setup.where.telegram': 'Telegram では貼り付けるものはありません。',
  'channels.setup.where.line':
    'LINE Developers コンソール → Messaging API チャネル → Messaging API 設定タブ：Webhook URL に URL を貼り付け、「検証」を押し、「Webhook の利用」をオンにします。担当者が返信する場合は LINE Official Account Manager で応答メッセージをオフにしてください。',
  'channels.setup.where.wechat':
    'WeChat 公式アカウントプラットフォーム → 设置与开发 → 基本配置 → 服务器配置 → 修改配置：URL、Token、EncodingAESKey を貼り付け、下の暗号化方式を選んで提交し、启用（有効化）します。',
  'channels.setup.events.whatsapp': 'サブスクライブする Webhook フィールド（WhatsApp Business アカウント）',
  'channels.setup.events.twilio': 'URL の貼り付け先',
  'channels.setup.events.telegram': 'ハブが Telegram に求める更新',
  'channels.setup.events.line': 'LINE が URL に送るイベント（「Webhook の利用」をオンにするとすべて）',
  'channels.setup.events.wechat': 'WeChat が URL に送るプッシュ（すべて）',
  'channels.setup.hubWebhook':
    'ハブが Telegram に Webhook を自分で登録しました（setWebhook）。貼り付けるものはありません。',
  'channels.setup.longPolling':
    'ハブに公開 URL がないため、ハブが自分で Telegram に新着メッセージを問い合わせます（ロングポーリング）。貼り付けるものはありません。https の公開 URL があれば Webhook を登録します。',
  'channels.setup.noPublicUrl':
    'ハブに公開 URL（SWITCHBOARD_PUBLIC_URL）がないため、プロバイダーからハブに届かず、Webhook URL もありません。',
  'channels.setup.notHttps':
    'ハブの公開 URL {url} は https ではありません。プロバイダーは https の Webhook URL にしか送信しません。',
  'channels.setup.readDocs':
    'TLS 付きのリバースプロキシの後ろでハブを動かし、SWITCHBOARD_PUBLIC_URL を設定してください：{docs} を参照。',

  'channels.page.back': 'チャネル一覧',
  'channels.page.verification': '認証情報',
  'channels.page.neverChecked': 'プロバイダーでまだ確認されていません。',
  'channels.page.checkedAt':
    'この認証情報を保存したとき（{time}）にプロバイダーで確認しました。現在も使えるかどうかは「稼働状況」に表示されます。',
  'channels.page.unverifiedReason': 'プロバイダーの回答：',
  'channels.page.settings': '名前と設定',
  'channels.settings.autoConvert': '新しい会話をチケットにする',
  'channels.settings.autoConvertHint': '新しい会話ごとにチケット番号が付きます。',
  'channels.settings.autoAssign': '新しい会話を自動で割り当てる',
  'channels.settings.autoAssignHint':
    'オンラインで紐付けられた担当者のうち、対応中の会話が最も少ない人に割り当てます。オフにすると、紐付けられた担当者が引き受けるまで未割り当てのままです。',
  'channels.settings.publicHandle': '公開 ID',
  'channels.settings.publicHandleHint.whatsapp': 'チャットリンク用の WhatsApp 番号（例：819012345678）。',
  'channels.settings.publicHandleHint.twilio': 'チャットリンク用の WhatsApp 番号（例：+14155238886）。',
  'channels.settings.publicHandleHint.telegram': 't.me リンク用のボットの @ユーザー名。',
  'channels.settings.publicHandleHint.line': 'LINE 公式アカウントのベーシック ID（例：@abc1234x）。',
  'channels.settings.publicHandleHint.wechat': '公式アカウントの原始 ID（gh_…）または WeChat ID。',
  'channels.settings.save': '変更を保存',
  'channels.settings.saved': '保存しました。',
  'channels.rotate.title': '認証情報の更新',
  'channels.rotate.open': '新しい認証情報を入力',
  'channels.rotate.intro':
    '新しいトークンなど、チャネルの認証情報をもう一度入力します。同じ番号またはボットのものである必要があり、古い認証情報と置き換える前に確認されます。',
  'channels.rotate.save': '認証情報を置き換える',

  'channels.trash.sectionTitle': '削除',
  'channels.trash.explain':
    'チャネルは会話とともにゴミ箱に移ります。復元するまで担当者には表示されず、Webhook は拒否されます。認証情報とクレジットは保持されます。',
  'channels.trash.delete': 'チャネルを削除…',
  'channels.trash.confirmTitle': '「{name}」を削除しますか？',
  'channels.trash.confirmText':
    '会話とともにゴミ箱に移ります。担当者には表示されなくなり、このチャネルへのメッセージは拒否され、送信もできなくなります。ゴミ箱から復元できます。',
  'channels.trash.confirm': 'ゴミ箱に移す',
  'channels.trash.moved': '「{name}」をゴミ箱に移しました。',
  'channels.trash.undo': '元に戻す',
  'channels.trash.title': 'ゴミ箱',
  'channels.trash.empty': 'ゴミ箱は空です。',
  'channels.trash.restore': '復元',
  'channels.trash.restoreName': '{name}を復元',
};
