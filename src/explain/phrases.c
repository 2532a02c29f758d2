/* phrases.c — see phrases.h: the team's own words, one column per
 * language, in TS_LANGS order. Translators: add your language to TS_LANGS in phrases.h and one
 * more string to every row below (NOTIFY_TYPES included); `make check`
 * fails on a missing cell or an unknown {name}. Keep "[[ ]]" around every
 * part that names a field a line may lack. */
#include <string.h>

#include "explain/phrases.h"


#define C(x) TS_C_##x

/* What the notify types say, for both notify classes. */
#define NOTIFY_TYPES                                                                                            \
    {"The type names the reason: NO_PROPOSAL_CHOSEN, proposals differ; INVALID_ID_INFORMATION, IDs or "        \
     "subnets differ; INVALID_HASH_INFORMATION or PAYLOAD_MALFORMED, pre-shared keys differ.",                 \
     "类型即原因：NO_PROPOSAL_CHOSEN 为加密提议不符；INVALID_ID_INFORMATION 为 ID 或网段不符；"              \
     "INVALID_HASH_INFORMATION 或 PAYLOAD_MALFORMED 为预共享密钥不符。",                                        \
     "類型即原因：NO_PROPOSAL_CHOSEN 為加密提議不符；INVALID_ID_INFORMATION 為 ID 或網段不符；"              \
     "INVALID_HASH_INFORMATION 或 PAYLOAD_MALFORMED 為預先共用金鑰不符。"}

/* ------------------------------------------------------------------ meanings */
static const struct ts_phrases_row k_rows[] = {
    {C(PHASE1_START), NULL,
     {"Phase 1 (IKE) negotiation starts[[ with {peer}]][[ for tunnel {conn}]]: the two routers begin to agree "
      "on keys and to check each other's identity.",
      "第一阶段（IKE）协商开始[[，对端 {peer}]][[，通道 {conn}]]：双方开始协商密钥并验证彼此身份。",
      "第一階段（IKE）協商開始[[，對端 {peer}]][[，通道 {conn}]]：雙方開始協商金鑰並驗證彼此身份。"},
     {NULL, NULL, NULL}},
    {C(PHASE1_START), "Responder Received Aggressive Mode 1st packet",
     {"Aggressive Mode, this router as responder: the first connection request arrived[[ from {peer}]][[ on "
      "local address {local}]].",
      "Aggressive 模式接收端收到[[ {peer} 的]]第一笔连接请求[[，本地地址为 {local}]]。",
      "Aggressive 模式接收端收到[[ {peer} 的]]第一筆連線請求[[，本機位址為 {local}]]。"},
     {NULL, NULL, NULL}},
    {C(PHASE1_START), "Responder Received Main Mode 1st packet",
     {"Main Mode, this router as responder: the first connection request arrived[[ from {peer}]][[ on local "
      "address {local}]].",
      "Main 模式接收端收到[[ {peer} 的]]第一笔连接请求[[，本地地址为 {local}]]。",
      "Main 模式接收端收到[[ {peer} 的]]第一筆連線請求[[，本機位址為 {local}]]。"},
     {NULL, NULL, NULL}},
    {C(PHASE1_START), "Initiator Send Aggressive Mode 1st packet",
     {"Aggressive Mode, this router as initiator: it sent the first connection request[[ to {peer}]][[ from "
      "local address {local}]].",
      "Aggressive 模式发起端送出[[给 {peer} 的]]第一笔连接请求[[，本地地址为 {local}]]。",
      "Aggressive 模式發起端送出[[給 {peer} 的]]第一筆連線請求[[，本機位址為 {local}]]。"},
     {NULL, NULL, NULL}},
    {C(PHASE1_START), "Initiator Send Main Mode 1st packet",
     {"Main Mode, this router as initiator: it sent the first connection request[[ to {peer}]][[ from local "
      "address {local}]].",
      "Main 模式发起端送出[[给 {peer} 的]]第一笔连接请求[[，本地地址为 {local}]]。",
      "Main 模式發起端送出[[給 {peer} 的]]第一筆連線請求[[，本機位址為 {local}]]。"},
     {NULL, NULL, NULL}},
    {C(PHASE1_START), "responding to",
     {"The peer[[ {peer}]] opened phase 1 (IKE) and this router answers as responder[[ for tunnel {conn}]].",
      "对端[[ {peer} ]]发起第一阶段（IKE）协商，本路由器作为接收端回应[[（通道 {conn}）]]。",
      "對端[[ {peer} ]]發起第一階段（IKE）協商，本路由器作為接收端回應[[（通道 {conn}）]]。"},
     {NULL, NULL, NULL}},
    {C(PHASE1_START), "initiating",
     {"This router opens phase 1 (IKE) as initiator[[ towards {peer}]][[ for tunnel {conn}]].",
      "本路由器作为发起端发起第一阶段（IKE）协商[[，对端 {peer}]][[，通道 {conn}]]。",
      "本路由器作為發起端發起第一階段（IKE）協商[[，對端 {peer}]][[，通道 {conn}]]。"},
     {NULL, NULL, NULL}},
    {C(PHASE1_UP), NULL,
     {"Phase 1 is complete: the routers authenticated each other and the IKE (ISAKMP) SA[[ #{serial}]][[ with "
      "{peer}]] is up[[ ({detail})]].",
      "第一阶段握手协议完成：双方身份认证通过，[[与 {peer} 的]] IKE（ISAKMP）SA[[ #{serial}]] 已建立"
      "[[（{detail}）]]。",
      "第一階段握手協定完成：雙方身份認證透過，[[與 {peer} 的]] IKE（ISAKMP）SA[[ #{serial}]] 已建立"
      "[[（{detail}）]]。"},
     {NULL, NULL, NULL}},
    {C(PHASE2_START), NULL,
     {"Phase 2 (Quick Mode) starts[[ with {peer}]][[ for tunnel {conn}]]: the routers negotiate the IPsec SA "
      "that will carry the traffic.",
      "第二阶段（Quick Mode）协商开始[[，对端 {peer}]][[，通道 {conn}]]：双方协商承载数据的 IPsec SA。",
      "第二階段（Quick Mode）協商開始[[，對端 {peer}]][[，通道 {conn}]]：雙方協商承載資料的 IPsec SA。"},
     {NULL, NULL, NULL}},
    {C(PHASE2_START), "Responder Received Quick Mode 1st packet",
     {"A phase 2 packet arrived: the peer[[ {peer}]] sent the first Quick Mode packet[[ to local address "
      "{local}]].",
      "收到[[ {peer} 的]]第二阶段握手协议封包（Quick Mode 第一笔）[[，本地地址为 {local}]]。",
      "收到[[ {peer} 的]]第二階段握手協定封包（Quick Mode 第一筆）[[，本機位址為 {local}]]。"},
     {NULL, NULL, NULL}},
    {C(PHASE2_START), "Initiator Send Quick Mode 1st packet",
     {"This router sent the first phase 2 (Quick Mode) packet[[ to {peer}]][[ from local address {local}]].",
      "本路由器[[向 {peer} ]]送出第二阶段（Quick Mode）第一笔封包[[，本地地址为 {local}]]。",
      "本路由器[[向 {peer} ]]送出第二階段（Quick Mode）第一筆封包[[，本機位址為 {local}]]。"},
     {NULL, NULL, NULL}},
    {C(PHASE2_UP), NULL,
     {"Phase 2 is complete: the IPsec SA is installed and the VPN tunnel[[ {conn}]][[ with {peer}]] is up[[ "
      "(outbound SPI {d1}, inbound SPI {d2})]].",
      "第二阶段握手协议完成，VPN 建立完成[[：通道 {conn}]][[，对端 {peer}]][[（出站 SPI {d1}，入站 SPI {d2}）]]"
      "。",
      "第二階段握手協定完成，VPN 建立完成[[：通道 {conn}]][[，對端 {peer}]][[（出站 SPI {d1}，入站 SPI {d2}）]]"
      "。"},
     {NULL, NULL, NULL}},
    {C(PEER_ID), NULL,
     {"The peer[[ {peer}]] identifies itself with an ID[[ of type {d1}]][[: {d2}]].",
      "对方[[（{peer}）]]以[[ {d1} 类型的]] ID 做身份认证[[，ID 为 {d2}]]。",
      "對方[[（{peer}）]]以[[ {d1} 型別的]] ID 做身份認證[[，ID 為 {d2}]]。"},
     {NULL, NULL, NULL}},
    {C(NAT_T), NULL,
     {"NAT traversal (NAT-T) check[[: {d1}]]; with a NAT on the way, IKE and ESP move to UDP port 4500 to pass "
      "it.",
      "协助 NAT 穿透的检测[[：{d1}]]；路径上有 NAT 时，IKE 与 ESP 改用 UDP 4500 端口以穿过 NAT。",
      "協助 NAT 穿透的檢測[[：{d1}]]；路徑上有 NAT 時，IKE 與 ESP 改用 UDP 4500 埠以穿過 NAT。"},
     {NULL, NULL, NULL}},
    {C(NAT_T), "=peer is NATed",
     {"NAT traversal: the peer[[ {peer}]] is behind a NAT, so IKE and ESP move to UDP port 4500 to pass it.",
      "协助 NAT 穿透，对方[[ {peer} ]]在 NAT 下：IKE 与 ESP 改用 UDP 4500 端口。",
      "協助 NAT 穿透，對方[[ {peer} ]]在 NAT 下：IKE 與 ESP 改用 UDP 4500 埠。"},
     {NULL, NULL, NULL}},
    {C(NAT_T), "=i am NATed",
     {"NAT traversal: this router is behind a NAT, so IKE and ESP move to UDP port 4500 to pass it.",
      "协助 NAT 穿透，本路由器在 NAT 下：IKE 与 ESP 改用 UDP 4500 端口。",
      "協助 NAT 穿透，本路由器在 NAT 下：IKE 與 ESP 改用 UDP 4500 埠。"},
     {NULL, NULL, NULL}},
    {C(NAT_T), "=both are NATed",
     {"NAT traversal: both routers are behind a NAT, so IKE and ESP move to UDP port 4500 to pass them.",
      "协助 NAT 穿透，双方都在 NAT 下：IKE 与 ESP 改用 UDP 4500 端口。",
      "協助 NAT 穿透，雙方都在 NAT 下：IKE 與 ESP 改用 UDP 4500 埠。"},
     {NULL, NULL, NULL}},
    {C(NAT_T), "=no NAT detected",
     {"NAT traversal check: there is no NAT between the routers, so the tunnel needs no UDP encapsulation.",
      "协助 NAT 穿透的检测：双方之间没有 NAT，隧道不需要 UDP 封装。",
      "協助 NAT 穿透的檢測：雙方之間沒有 NAT，通道不需要 UDP 封裝。"},
     {NULL, NULL, NULL}},
    {C(NAT_T), "new NAT mapping",
     {"The peer's address or port as seen through its NAT changed; the tunnel follows the new mapping.",
      "对方经 NAT 转换后的地址或端口改变了，隧道改用新的映射继续。",
      "對方經 NAT 轉換後的位址或埠改變了，通道改用新的對映繼續。"},
     {NULL, NULL, NULL}},
    {C(VENDOR_ID), NULL,
     {"The peer announced a capability or its implementation (Vendor ID)[[: {d1}]]; informational only.",
      "对方通告 Vendor ID（功能或厂商标识）[[：{d1}]]，仅供参考。",
      "對方通告 Vendor ID（功能或廠商標識）[[：{d1}]]，僅供參考。"},
     {NULL, NULL, NULL}},
    {C(VENDOR_ID), "ignoring",
     {"The peer sent a Vendor ID[[ ({d1})]] this router does not use; harmless.",
      "对方送来本路由器不使用的 Vendor ID[[（{d1}）]]，不影响连接。",
      "對方送來本路由器不使用的 Vendor ID[[（{d1}）]]，不影響連線。"},
     {NULL, NULL, NULL}},
    {C(SPI), NULL,
     {"An IPsec SPI[[ ({detail})]] was chosen for the tunnel.", "为隧道选定了 IPsec SPI[[（{detail}）]]。", "為通道選定了 IPsec SPI[[（{detail}）]]。"},
     {NULL, NULL, NULL}},
    {C(SPI), "Inbound",
     {"Inbound SPI[[ = {d2}]]: the number that marks the IPsec traffic the peer sends to this router.",
      "入站 SPI 值[[为 {d2}]]：标识对方发往本路由器的 IPsec 流量。",
      "入站 SPI 值[[為 {d2}]]：標識對方發往本路由器的 IPsec 流量。"},
     {NULL, NULL, NULL}},
    {C(SPI), "Outbound",
     {"Outbound SPI[[ = {d2}]]: the number that marks the IPsec traffic this router sends to the peer.",
      "出站 SPI 值[[为 {d2}]]：标识本路由器发往对方的 IPsec 流量。",
      "出站 SPI 值[[為 {d2}]]：標識本路由器發往對方的 IPsec 流量。"},
     {NULL, NULL, NULL}},
    {C(WEAK_IKE), NULL,
     {"Phase 1 uses an insecure algorithm[[ ({d1})]]; it does not stop the handshake.",
      "第一阶段使用了不安全的算法[[（{d1}）]]，不影响 handshaking。",
      "第一階段使用了不安全的演算法[[（{d1}）]]，不影響 handshaking。"},
     {"Nothing is needed for the tunnel to work; when you can, switch both ends to AES with SHA-1 or SHA-2.",
      "不用理会，连接仍可建立；有机会时请把两端改为 AES 加密与 SHA-1/SHA-2 验证。",
      "不用理會，連線仍可建立；有機會時請把兩端改為 AES 加密與 SHA-1/SHA-2 驗證。"}},
    {C(WEAK_ESP), NULL,
     {"Phase 2 (ESP) uses an insecure algorithm[[ ({d1})]]; the tunnel works but its traffic is weakly "
      "encrypted.",
      "第二阶段（ESP）使用了不安全的算法[[（{d1}）]]，隧道可用但流量加密强度很弱。",
      "第二階段（ESP）使用了不安全的演算法[[（{d1}）]]，通道可用但流量加密強度很弱。"},
     {"Switch the IPsec (phase 2) encryption to AES on both ends.", "建议把两端的第二阶段（IPsec）加密改为 AES。", "建議把兩端的第二階段（IPsec）加密改為 AES。"}},
    {C(DPD_ENABLED), NULL,
     {"Dead Peer Detection (DPD) is on[[ for tunnel {conn}]]: the routers probe each other and notice when the "
      "other side disappears.",
      "DPD 监测机制启动[[（通道 {conn}）]]：双方定期探测，对端失联时能及时发现。",
      "DPD 監測機制啟動[[（通道 {conn}）]]：雙方定期探測，對端失聯時能及時發現。"},
     {NULL, NULL, NULL}},
    {C(DPD_DEAD), NULL,
     {"Dead Peer Detection got no answer from the peer[[ {peer}]]: the VPN connection[[ {conn}]] is declared "
      "dead.",
      "DPD 监测机制未检测到有效的 VPN 对端[[ {peer}]]，宣告此 VPN 联机[[ {conn} ]]已断。",
      "DPD 監測機制未檢測到有效的 VPN 對端[[ {peer}]]，宣告此 VPN 連線[[ {conn} ]]已斷。"},
     {"The peer or its WAN link is down: check that the remote router is powered on and online (ping its WAN "
      "address); if it happens often, check the line quality or lengthen the DPD interval and timeout on both "
      "sides.",
      "对端或其 WAN 线路已断：确认远端路由器已开机且能上网（可 ping 其 WAN 地址）；若经常发生，请检查线路质量，"
      "或在两端加大 DPD 间隔与超时。",
      "對端或其 WAN 線路已斷：確認遠端路由器已開機且能上網（可 ping 其 WAN 位址）；若經常發生，請檢查線路品質，"
      "或在兩端加大 DPD 間隔與逾時。"}},
    {C(DPD_ACTION), NULL,
     {"Dead Peer Detection at work: the tunnel[[ {conn}]] is probed, cleared, held or restarted because the peer "
      "stopped answering.",
      "DPD 处理动作：因对端无响应，通道[[ {conn} ]]被探测、清除、保留或重新建立。",
      "DPD 處理動作：因對端無響應，通道[[ {conn} ]]被探測、清除、保留或重新建立。"},
     {NULL, NULL, NULL}},
    {C(RETRANSMIT), NULL,
     {"No answer yet: an IKE packet is sent again[[ to {peer}]] (or the peer repeated one); only a problem if it "
      "ends in a timeout.",
      "尚未收到回应：IKE 封包重送[[（对端 {peer}）]]，或对方重送了封包；只有最终超时才是问题。",
      "尚未收到回應：IKE 封包重送[[（對端 {peer}）]]，或對方重送了封包；只有最終逾時才是問題。"},
     {NULL, NULL, NULL}},
    {C(RETRANSMIT), "starting keying attempt|scheduling retry attempt",
     {"The IKE daemon tries again to bring the tunnel[[ {conn}]] up (a new keying attempt).",
      "重新尝试建立通道[[ {conn} ]]（新的密钥协商）。",
      "重新嘗試建立通道[[ {conn} ]]（新的金鑰協商）。"},
     {NULL, NULL, NULL}},
    {C(RETRANSMIT_TIMEOUT), NULL,
     {"The peer[[ {peer}]] gave no (acceptable) answer[[ after {d1} retransmissions]]: the negotiation[[ for "
      "tunnel {conn}]] gave up.",
      "对端[[ {peer} ]]没有（可接受的）回应[[，已重送 {d1} 次]]，[[通道 {conn} 的]]协商放弃。",
      "對端[[ {peer} ]]沒有（可接受的）回應[[，已重送 {d1} 次]]，[[通道 {conn} 的]]協商放棄。"},
     {"Check that the peer is online and that UDP ports 500 and 4500 reach it; if phase 1 never completed, also "
      "compare the pre-shared key, IDs and proposals on both sides.",
      "确认对端在线，且 UDP 500 与 4500 端口可达；若第一阶段从未完成，再核对两端的预共享密钥、ID 与加密提议。",
      "確認對端線上，且 UDP 500 與 4500 埠可達；若第一階段從未完成，再核對兩端的預先共用金鑰、ID 與加密提議。"}},
    {C(PSK_POLICY_MISS), NULL,
     {"A peer[[ at {peer}]] asked for a tunnel, but its address or authentication method[[ ({d1})]] matches no "
      "configured tunnel.",
      "对端[[ {peer} ]]请求建立 VPN，但未能找到对应的 VPN 联机设定：其地址或认证方式[[（{d1}）]]与所有通道都不符。",
      "對端[[ {peer} ]]請求建立 VPN，但未能找到對應的 VPN 連線設定：其位址或認證方式[[（{d1}）]]與所有通道都不符。"},
     {"If the peer is yours, check its tunnel's remote gateway address and authentication method (pre-shared "
      "key) on both sides; an unknown address is often an Internet scanner and can be ignored.",
      "若是自己的对端，请核对两端通道的远程网关地址与认证方式（预共享密钥）；陌生地址多半是网络扫描，可以不理会。",
      "若是自己的對端，請核對兩端通道的遠端閘道器位址與認證方式（預先共用金鑰）；陌生位址多半是網路掃描，可以不理會。"}},
    {C(ID_MISMATCH), NULL,
     {"The identity the peer sent[[ ({d1})]] is not the one its tunnel expects, so no tunnel accepts it.",
      "对端送来的身份[[（{d1}）]]与通道要求的 ID 不符，没有通道接受它。",
      "對端送來的身份[[（{d1}）]]與通道要求的 ID 不符，沒有通道接受它。"},
     {"Make the local and remote IDs (IP address, FQDN or user FQDN) match on both routers.",
      "让两端路由器的本地 ID 与远程 ID（IP 地址、FQDN 或 User FQDN）互相对应。",
      "讓兩端路由器的本地 ID 與遠端 ID（IP 位址、FQDN 或 User FQDN）互相對應。"}},
    {C(AUTH_FAIL), NULL,
     {"Authentication failed[[ with peer {peer}]]: usually the pre-shared keys differ (with certificates, a key "
      "is wrong).",
      "身份认证失败[[（对端 {peer}）]]：通常是两端预共享密钥不一致（使用证书时则是密钥不符）。",
      "身份認證失敗[[（對端 {peer}）]]：通常是兩端預先共用金鑰不一致（使用證書時則是金鑰不符）。"},
     {"Enter the same pre-shared key on both routers again (mind upper and lower case and spaces); with "
      "certificates, check both sides' keys.",
      "在两端重新输入相同的预共享密钥（注意大小写与空格）；使用证书时请检查两端的密钥。",
      "在兩端重新輸入相同的預先共用金鑰（注意大小寫與空格）；使用證書時請檢查兩端的金鑰。"}},
    {C(NO_PROPOSAL), NULL,
     {"The peer's encryption proposals match none of this router's[[ (tunnel {conn})]].",
      "对方的加密提议与本路由器的设定都不相符[[（通道 {conn}）]]。",
      "對方的加密提議與本路由器的設定都不相符[[（通道 {conn}）]]。"},
     {"Configure the same encryption, hash, DH group, PFS and lifetimes on both ends.",
      "两端设定相同的加密算法、验证算法、DH 群组、PFS 与生存时间。",
      "兩端設定相同的加密演算法、驗證演算法、DH 群組、PFS 與生存時間。"}},
    {C(PHASE2_NO_CONN), NULL,
     {"The peer[[ {peer}]] asked for phase 2 between subnets that no configured tunnel has.",
      "对端[[ {peer} ]]请求的第二阶段网段组合没有任何通道设定。",
      "對端[[ {peer} ]]請求的第二階段網段組合沒有任何通道設定。"},
     {"Make the local and remote subnets mirror each other on both routers.",
      "两端的本地网段与远程网段要互相对应。",
      "兩端的本地網段與遠端網段要互相對應。"}},
    {C(NOTIFY_SENT), NULL,
     {"This router told the peer[[ {peer}]] why it refused[[: {d1}]].", "本路由器通知对端[[ {peer} ]]拒绝的原因[[：{d1}]]。", "本路由器通知對端[[ {peer} ]]拒絕的原因[[：{d1}]]。"},
     NOTIFY_TYPES},
    {C(NOTIFY_RECEIVED), NULL,
     {"The peer[[ {peer}]] sent an informational message[[ ({d1})]]; it may say why the peer refused.",
      "对端[[ {peer} ]]送来通知信息[[（{d1}）]]，可能说明对方拒绝的原因。",
      "對端[[ {peer} ]]送來通知資訊[[（{d1}）]]，可能說明對方拒絕的原因。"},
     NOTIFY_TYPES},
    {C(UNKNOWN_SA), NULL,
     {"The packet[[ from {peer}]] belongs to an SA this router no longer knows[[ (message ID {d1})]].",
      "[[对端 {peer} 送来的]]封包属于本路由器已不存在的 SA[[（消息 ID {d1}）]]。",
      "[[對端 {peer} 送來的]]封包屬於本路由器已不存在的 SA[[（訊息 ID {d1}）]]。"},
     {"The two sides are out of sync after a restart or a rekey: benign once; if it keeps repeating, reconnect "
      "the tunnel on both sides.",
      "重启或重新协商密钥后两端不同步：偶尔出现无妨；若一再重复，请在两端重新连接该通道。",
      "重啟或重新協商金鑰後兩端不同步：偶爾出現無妨；若一再重複，請在兩端重新連線該通道。"}},
    {C(DELETE_SA), NULL,
     {"The peer[[ {peer}]] deleted an SA[[ ({d1})]]: normal at rekey, or when the peer closes the tunnel.",
      "对端[[ {peer} ]]删除了一个 SA[[（{d1}）]]：重新协商密钥或对方关闭隧道时的正常现象。",
      "對端[[ {peer} ]]刪除了一個 SA[[（{d1}）]]：重新協商金鑰或對方關閉通道時的正常現象。"},
     {NULL, NULL, NULL}},
    {C(DELETE_SA_NOT_FOUND), NULL,
     {"The peer asked to delete an SA[[ ({detail})]] that this router no longer has (it probably expired).",
      "对端要求删除的 SA[[（{detail}）]]在本路由器已不存在（可能已过期）。",
      "對端要求刪除的 SA[[（{detail}）]]在本路由器已不存在（可能已過期）。"},
     {"A race after a rekey or restart: benign unless it repeats for the same tunnel; then reconnect the tunnel "
      "on both sides.",
      "重新协商密钥或重启后的时序问题：偶尔出现无妨；同一通道反复出现时，请在两端重新连接。",
      "重新協商金鑰或重啟後的時序問題：偶爾出現無妨；同一通道反覆出現時，請在兩端重新連線。"}},
    {C(SA_DELETED), NULL,
     {"This router removed an SA[[ ({d1})]]: it expired, was replaced at rekey, or its tunnel went down.",
      "本路由器删除了一个 SA[[（{d1}）]]：已过期、重新协商后被取代，或所属隧道已断。",
      "本路由器刪除了一個 SA[[（{d1}）]]：已過期、重新協商後被取代，或所屬通道已斷。"},
     {NULL, NULL, NULL}},
    {C(DISCONNECT), NULL,
     {"The tunnel[[ {conn}]][[ with {peer}]] was disconnected[[ ({d1}: the last IKE and IPsec SA, #0 = none)]].",
      "通道[[ {conn}]][[（对端 {peer}）]]已断开[[（{d1}：最后的 IKE 与 IPsec SA，#0 表示没有）]]。",
      "通道[[ {conn}]][[（對端 {peer}）]]已斷開[[（{d1}：最後的 IKE 與 IPsec SA，#0 表示沒有）]]。"},
     {"If unexpected, the lines just before it tell why (DPD, delete, timeout); the tunnel comes back when either "
      "side starts it again.",
      "若非预期，请看它之前的几行找出原因（DPD、删除、超时）；任一端重新发起时隧道即可恢复。",
      "若非預期，請看它之前的幾行找出原因（DPD、刪除、逾時）；任一端重新發起時通道即可恢復。"}},
    {C(XAUTH_OK), NULL, {"XAUTH login[[ of user {d1}]] succeeded.", "XAUTH 用户[[ {d1} ]]登录成功。", "XAUTH 使用者[[ {d1} ]]登入成功。"}, {NULL, NULL, NULL}},
    {C(XAUTH_FAIL), NULL,
     {"XAUTH login failed[[ for user {d1}]].", "XAUTH 用户[[ {d1} ]]认证失败。", "XAUTH 使用者[[ {d1} ]]認證失敗。"},
     {"Check the VPN client's user name and password, and the users configured on the router.",
      "检查 VPN 客户端的用户名与密码，以及路由器上的用户设定。",
      "檢查 VPN 客戶端的使用者名稱與密碼，以及路由器上的使用者設定。"}},
    {C(NETWORK_ERROR), NULL,
     {"An ICMP error came back[[ for {peer}]]: the peer, or a router on the way, reports the peer unreachable or "
      "the port closed.",
      "收到 ICMP 错误信息[[（对端 {peer}）]]：对端或途中的路由器回报目的地不可达或端口未开。",
      "收到 ICMP 錯誤資訊[[（對端 {peer}）]]：對端或途中的路由器回報目的地不可達或埠未開。"},
     {"Check that the peer is online and that UDP ports 500 and 4500 reach it (firewall, port forwarding).",
      "确认对端在线，且 UDP 500 与 4500 端口可达（防火墙、端口转发）。",
      "確認對端線上，且 UDP 500 與 4500 埠可達（防火牆、埠轉發）。"}},
    {C(DAEMON), NULL,
     {"IKE daemon (pluto) housekeeping: starting, stopping, loading configuration or keys, listening on "
      "interfaces.",
      "IKE 守护进程（pluto）的例行信息：启动、停止、加载设定或密钥、监听网络接口。",
      "IKE 常駐程式（pluto）的例行資訊：啟動、停止、載入設定或金鑰、監聽網路介面。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), NULL,
     {"A step of the negotiation[[ ({d1})]]; informational.", "协商过程中的一个步骤[[（{d1}）]]，仅供参考。", "協商過程中的一個步驟[[（{d1}）]]，僅供參考。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "Responder Send Aggressive Mode 2nd packet",
     {"Aggressive Mode: this router answers the connection request (2nd packet)[[ to {peer}]].",
      "Aggressive 模式回应第二笔连接请求[[（对端 {peer}）]]。",
      "Aggressive 模式回應第二筆連線請求[[（對端 {peer}）]]。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "Received Aggressive Mode 3rd packet",
     {"Aggressive Mode: the third packet of the connection request arrived[[; the local IP address is {local}]].",
      "Aggressive 模式接收端收到第三笔连接请求[[，本地的 IP 是 {local}]]。",
      "Aggressive 模式接收端收到第三筆連線請求[[，本地的 IP 是 {local}]]。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "Responder send Quick Mode 2nd packet",
     {"Phase 2: this router answers the peer's Quick Mode request (2nd packet).",
      "第二阶段：回应对方的 Quick Mode 请求（第二笔封包）。",
      "第二階段：回應對方的 Quick Mode 請求（第二筆封包）。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "Responder Received Quick Mode 3rd packet",
     {"Phase 2: the peer confirmed (3rd Quick Mode packet)[[ on local address {local}]]; the IPsec SA is about "
      "to be installed.",
      "第二阶段：收到对方的确认（Quick Mode 第三笔封包）[[，本地地址为 {local}]]，IPsec SA 即将建立。",
      "第二階段：收到對方的確認（Quick Mode 第三筆封包）[[，本機位址為 {local}]]，IPsec SA 即將建立。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "esp_ealg_id=",
     {"Phase 2 proposal check: the ESP encryption algorithm numbers (2 = DES, 3 = 3DES, 12 = AES) and key "
      "lengths, and the authentication numbers (1 = MD5, 2 = SHA-1), of the peer and of this router.",
      "第二阶段提议比对：双方的 ESP 加密算法编号（2 = DES，3 = 3DES，12 = AES）、密钥长度与验证算法编号（1 = "
      "MD5，2 = SHA-1）。",
      "第二階段提議比對：雙方的 ESP 加密演算法編號（2 = DES，3 = 3DES，12 = AES）、金鑰長度與驗證演算法編號（1 = "
      "MD5，2 = SHA-1）。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "transition from state",
     {"An internal step of the negotiation's state machine; informational.", "协商状态机的内部步骤，仅供参考。", "協商狀態機的內部步驟，僅供參考。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "the peer proposed:",
     {"The subnets (traffic selectors) the peer proposes for phase 2.", "对方为第二阶段提出的网段（流量选择器）。", "對方為第二階段提出的網段（流量選擇器）。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "replacing stale",
     {"An SA is about to expire and is being replaced (rekey).", "SA 即将过期，正在重新协商替换（rekey）。", "SA 即將過期，正在重新協商替換（rekey）。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "not replacing stale",
     {"An SA expires without replacement (another SA covers it, or it was idle).",
      "SA 到期但不替换（已有其他 SA，或已闲置）。",
      "SA 到期但不替換（已有其他 SA，或已閒置）。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "ESP traffic information:",
     {"Traffic counters of an IPsec SA that is being deleted.", "即将删除的 IPsec SA 的流量统计。", "即將刪除的 IPsec SA 的流量統計。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "XAUTH:",
     {"A step of an XAUTH (user login) exchange.", "XAUTH（用户登录）过程中的一个步骤。", "XAUTH（使用者登入）過程中的一個步驟。"},
     {NULL, NULL, NULL}},
    {C(STATE_CHANGE), "Configured DPD|Dead Peer Detection (RFC 3706): not enabled",
     {"DPD is not used on this tunnel because the peer did not offer it; a dead peer is only noticed at the "
      "next rekey.",
      "对方未支持 DPD，此通道不使用 DPD；对端断线要等到下次重新协商时才会发现。",
      "對方未支援 DPD，此通道不使用 DPD；對端斷線要等到下次重新協商時才會發現。"},
     {NULL, NULL, NULL}},
    /* keep last: the fallback row */
    {C(OTHER), NULL,
     {"No rule recognises this IKE daemon line; it is counted as other.",
      "没有规则能识别这行 IKE 日志，归入 other（未归类）。",
      "沒有規則能識別這行 IKE 日誌，歸入 other（未歸類）。"},
     {"If it matters, run tunnelstat explain --unknown over your logs and report the wording with an example "
      "line.",
      "若此信息重要，请对日志执行 tunnelstat explain --unknown，并附上例句回报新的写法。",
      "若此資訊重要，請對日誌執行 tunnelstat explain --unknown，並附上例句回報新的寫法。"}},
};

/* ------------------------------------------------------------- UI phrases */
const char *const ts_phrases_words[TS_W_NWORDS][TS_NLANG] = {
    [TS_W_TODO] = {"What to do: ", "处理建议：", "處理建議："},
    [TS_W_NOT_IKE] = {"not an IKE daemon line", "不是 IKE 守护进程的日志", "不是 IKE 常駐程式的日誌"},
    [TS_W_DEBUG] = {"Libreswan debug line, not counted", "Libreswan 调试信息，不计入统计", "Libreswan 除錯資訊，不計入統計"},
    [TS_W_REPEATED] = {" (logged {n} times)", "（重复 {n} 次）", "（重複 {n} 次）"},
    [TS_W_UNKNOWN_HEAD] = {"{n} unclassified IKE lines in {shapes} shapes; please report new wordings with an "
                        "example line.",
                        "共 {n} 行未归类的 IKE 日志，{shapes} 种形态；请附上例句回报新的写法。",
                        "共 {n} 行未歸類的 IKE 日誌，{shapes} 種形態；請附上例句回報新的寫法。"},
    [TS_W_UNKNOWN_NONE] = {"Every IKE line was classified.", "所有 IKE 日志都已归类。", "所有 IKE 日誌都已歸類。"},
    [TS_W_COUNT] = {"count", "次数", "次數"},
    [TS_W_SHAPE] = {"shape", "形态", "形態"},
    [TS_W_EXAMPLE] = {"e.g. ", "例：", "例："},
    [TS_W_DROPPED] = {"{n} more lines have shapes not listed (too many shapes).",
                   "另有 {n} 行的形态未列出（形态过多）。",
                   "另有 {n} 行的形態未列出（形態過多）。"},
};


static const char *const k_codes[] = {
#define TS_X_CODE(id, code, name) code,
    TS_LANGS(TS_X_CODE)
#undef TS_X_CODE
};

int ts_phrases_lang_by_name(const char *code, int *lang)
{
    for (int i = 0; i < TS_NLANG; i++)
        if (strcmp(code, k_codes[i]) == 0) {
            *lang = i;
            return TS_OK;
        }
    return TS_EUSAGE;
}

const char *ts_phrases_lang_code(int lang)
{
    return lang >= 0 && lang < TS_NLANG ? k_codes[lang] : "?";
}

int ts_phrases_nrows(void)
{
    return (int)(sizeof k_rows / sizeof k_rows[0]);
}

void ts_phrases_row(int i, int lang, int *cls, const char **when, const char **say, const char **todo)
{
    *cls = k_rows[i].cls;
    *when = k_rows[i].when;
    *say = k_rows[i].say[lang];
    *todo = k_rows[i].todo[lang];
}

int ts_phrases_nwords(void)
{
    return TS_W_NWORDS;
}

const char *ts_phrases_word(int i, int lang)
{
    return ts_phrases_words[i][lang];
}

const struct ts_phrases_row *ts_phrases_get(int i)
{
    return &k_rows[i];
}
