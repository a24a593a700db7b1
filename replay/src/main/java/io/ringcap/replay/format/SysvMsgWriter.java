package io.ringcap.replay.format;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.MsgctlLayout;
import io.ringcap.wire.MsginfoLayout;
import io.ringcap.wire.MsqidDsLayout;
import io.ringcap.wire.ReadStatus;
import org.agrona.DirectBuffer;

/**
 * The SysV message-queue arguments by name, as strace shows them (x86_64 values from uapi
 * linux/ipc.h and linux/msg.h): msgget's {@code IPC_CREAT|IPC_EXCL|0600}, msgsnd's and msgrcv's
 * {@code IPC_NOWAIT|MSG_NOERROR}, msgctl's {@code IPC_STAT}, and msgctl's buf (a struct msqid_ds or
 * a struct msginfo) in the table and in JSON's ringcap object. Bits without a name follow in octal,
 * a command without one as its number: nothing is hidden. Nothing here allocates.
 */
final class SysvMsgWriter
{
    static final int IPC_PRIVATE = 0;
    static final int IPC_CREAT = 01000;
    static final int IPC_EXCL = 02000;
    static final int IPC_NOWAIT = 04000;
    static final int MSG_NOERROR = 010000;
    static final int MSG_EXCEPT = 020000;
    static final int MSG_COPY = 040000;
    /** The permission bits of msgget's msgflg and of msg_perm.mode. */
    static final int PERMISSIONS = 0777;

    static final int IPC_RMID = 0;
    static final int IPC_SET = 1;
    static final int IPC_STAT = 2;
    static final int IPC_INFO = 3;
    static final int MSG_STAT = 11;
    static final int MSG_INFO = 12;
    static final int MSG_STAT_ANY = 13;
    /** The "new layout" flag of the old multiplexed ipc(2); x86_64's msgctl refuses it (EINVAL). */
    static final int IPC_64 = 0x100;

    private static final int[] GET_FLAGS = {IPC_CREAT, IPC_EXCL};
    private static final String[] GET_FLAG_NAMES = {"IPC_CREAT", "IPC_EXCL"};
    private static final int[] MSG_FLAGS = {IPC_NOWAIT, MSG_NOERROR, MSG_EXCEPT, MSG_COPY};
    private static final String[] MSG_FLAG_NAMES = {"IPC_NOWAIT", "MSG_NOERROR", "MSG_EXCEPT", "MSG_COPY"};
    private static final String[] COMMANDS = new String[MSG_STAT_ANY + 1];

    private static final JsonText PAYLOAD = new JsonText("payload");
    private static final JsonText BUF = new JsonText("buf");
    private static final byte[] DS_OPEN = "{\"msg_perm\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[][] DS_PERM_FIELDS = fieldPrefixes(true, "key", "uid", "gid", "cuid", "cgid", "mode", "seq");
    private static final byte[][] DS_FIELDS = fieldPrefixes(false, "msg_stime", "msg_rtime", "msg_ctime",
        "msg_cbytes", "msg_qnum", "msg_qbytes", "msg_lspid", "msg_lrpid");
    private static final byte[][] INFO_FIELDS = fieldPrefixes(true, "msgpool", "msgmap", "msgmax", "msgmnb",
        "msgmni", "msgssz", "msgtql", "msgseg");

    static
    {
        COMMANDS[IPC_RMID] = "IPC_RMID";
        COMMANDS[IPC_SET] = "IPC_SET";
        COMMANDS[IPC_STAT] = "IPC_STAT";
        COMMANDS[IPC_INFO] = "IPC_INFO";
        COMMANDS[MSG_STAT] = "MSG_STAT";
        COMMANDS[MSG_INFO] = "MSG_INFO";
        COMMANDS[MSG_STAT_ANY] = "MSG_STAT_ANY";
    }

    private SysvMsgWriter()
    {
    }

    /** {@code "name":} for each name, the first opening its object when {@code opens}, the others after a comma. */
    private static byte[][] fieldPrefixes(final boolean opens, final String... names)
    {
        final byte[][] prefixes = new byte[names.length][];
        for (int i = 0; i < names.length; i++)
        {
            final String open = i == 0 ? (opens ? "{" : ",") : ",";
            prefixes[i] = (open + new String(JsonOutput.quoted(names[i]), java.nio.charset.StandardCharsets.US_ASCII) +
                ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return prefixes;
    }

    /** A key: {@code IPC_PRIVATE} or its 32 bits in hex, as strace shows them. */
    static TableLine appendKey(final int key, final TableLine line)
    {
        if (key == IPC_PRIVATE)
        {
            return line.append("IPC_PRIVATE");
        }
        return line.hex(key & 0xFFFF_FFFFL);
    }

    /** msgget's msgflg: {@code IPC_CREAT|IPC_EXCL|0600}, the permissions always in octal; 0 alone as {@code 0}. */
    static TableLine appendGetFlags(final int msgflg, final TableLine line)
    {
        if (msgflg == 0)
        {
            return line.append('0');
        }
        int unknown = msgflg & ~PERMISSIONS;
        for (int i = 0; i < GET_FLAGS.length; i++)
        {
            if ((msgflg & GET_FLAGS[i]) != 0)
            {
                line.append(GET_FLAG_NAMES[i]).append('|');
                unknown &= ~GET_FLAGS[i];
            }
        }
        if (unknown != 0)
        {
            line.octal(unknown & 0xFFFF_FFFFL, 1).append('|');
        }
        return line.octal(msgflg & PERMISSIONS, 4);
    }

    /** msgsnd's and msgrcv's msgflg: {@code 0}, {@code IPC_NOWAIT|MSG_NOERROR}, other bits in octal. */
    static TableLine appendMsgFlags(final int msgflg, final TableLine line)
    {
        if (msgflg == 0)
        {
            return line.append('0');
        }
        int unknown = msgflg;
        boolean first = true;
        for (int i = 0; i < MSG_FLAGS.length; i++)
        {
            if ((msgflg & MSG_FLAGS[i]) != 0)
            {
                line.append(first ? "" : "|").append(MSG_FLAG_NAMES[i]);
                unknown &= ~MSG_FLAGS[i];
                first = false;
            }
        }
        if (unknown != 0)
        {
            if (!first)
            {
                line.append('|');
            }
            line.octal(unknown & 0xFFFF_FFFFL, 1);
        }
        return line;
    }

    /** msgctl's cmd: {@code IPC_STAT}, {@code IPC_64|IPC_STAT}, or the number. */
    static TableLine appendCommand(final int cmd, final TableLine line)
    {
        final int base = cmd & ~IPC_64;
        if (base >= 0 && base < COMMANDS.length && COMMANDS[base] != null)
        {
            return line.append((cmd & IPC_64) != 0 ? "IPC_64|" : "").append(COMMANDS[base]);
        }
        return line.append(cmd);
    }

    private static boolean usesMsginfo(final int cmd)
    {
        return cmd == IPC_INFO || cmd == MSG_INFO;
    }

    /**
     * msgctl's buf in the table: the struct read through it ({@code buf={msg_perm={...},msg_qnum=3,...}}),
     * NULL or unreadable; left out when it was not read on purpose (IPC_RMID, a failed IPC_STAT: RET says so).
     */
    static void appendBuf(final String name, final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final int status = buffer.getInt(offset + MsgctlLayout.BUF_STATUS_OFFSET, LITTLE_ENDIAN);
        if (status == ReadStatus.SKIPPED)
        {
            return;
        }
        final TableLine line = table.arg(name);
        if (!table.isRead(status))
        {
            return;
        }
        if (usesMsginfo(buffer.getInt(offset + MsgctlLayout.CMD_OFFSET, LITTLE_ENDIAN)))
        {
            final int info = offset + MsgctlLayout.INFO_OFFSET;
            line.append("{msgpool=").append(buffer.getInt(info + MsginfoLayout.MSGPOOL, LITTLE_ENDIAN))
                .append(",msgmap=").append(buffer.getInt(info + MsginfoLayout.MSGMAP, LITTLE_ENDIAN))
                .append(",msgmax=").append(buffer.getInt(info + MsginfoLayout.MSGMAX, LITTLE_ENDIAN))
                .append(",msgmnb=").append(buffer.getInt(info + MsginfoLayout.MSGMNB, LITTLE_ENDIAN))
                .append(",msgmni=").append(buffer.getInt(info + MsginfoLayout.MSGMNI, LITTLE_ENDIAN))
                .append(",msgssz=").append(buffer.getInt(info + MsginfoLayout.MSGSSZ, LITTLE_ENDIAN))
                .append(",msgtql=").append(buffer.getInt(info + MsginfoLayout.MSGTQL, LITTLE_ENDIAN))
                .append(",msgseg=").append(buffer.getShort(info + MsginfoLayout.MSGSEG, LITTLE_ENDIAN) & 0xFFFF)
                .append('}');
            return;
        }
        final int ds = offset + MsgctlLayout.DS_OFFSET;
        line.append("{msg_perm={uid=").append(buffer.getInt(ds + MsqidDsLayout.PERM_UID, LITTLE_ENDIAN) & 0xFFFF_FFFFL)
            .append(",gid=").append(buffer.getInt(ds + MsqidDsLayout.PERM_GID, LITTLE_ENDIAN) & 0xFFFF_FFFFL)
            .append(",mode=").octal(buffer.getInt(ds + MsqidDsLayout.PERM_MODE, LITTLE_ENDIAN) & 0xFFFF_FFFFL, 4)
            .append(",key=");
        appendKey(buffer.getInt(ds + MsqidDsLayout.PERM_KEY, LITTLE_ENDIAN), line);
        line.append(",cuid=").append(buffer.getInt(ds + MsqidDsLayout.PERM_CUID, LITTLE_ENDIAN) & 0xFFFF_FFFFL)
            .append(",cgid=").append(buffer.getInt(ds + MsqidDsLayout.PERM_CGID, LITTLE_ENDIAN) & 0xFFFF_FFFFL)
            .append("},msg_stime=").append(buffer.getLong(ds + MsqidDsLayout.STIME, LITTLE_ENDIAN))
            .append(",msg_rtime=").append(buffer.getLong(ds + MsqidDsLayout.RTIME, LITTLE_ENDIAN))
            .append(",msg_ctime=").append(buffer.getLong(ds + MsqidDsLayout.CTIME, LITTLE_ENDIAN))
            .append(",msg_cbytes=").unsigned(buffer.getLong(ds + MsqidDsLayout.CBYTES, LITTLE_ENDIAN))
            .append(",msg_qnum=").unsigned(buffer.getLong(ds + MsqidDsLayout.QNUM, LITTLE_ENDIAN))
            .append(",msg_qbytes=").unsigned(buffer.getLong(ds + MsqidDsLayout.QBYTES, LITTLE_ENDIAN))
            .append(",msg_lspid=").append(buffer.getInt(ds + MsqidDsLayout.LSPID, LITTLE_ENDIAN))
            .append(",msg_lrpid=").append(buffer.getInt(ds + MsqidDsLayout.LRPID, LITTLE_ENDIAN))
            .append('}');
    }

    /**
     * msgctl's buf in ringcap's object: {@code "buf":{"msg_perm":{"key":..,"uid":..,...},"msg_stime":..,...}}
     * (a struct msginfo for IPC_INFO and MSG_INFO: {@code {"msgpool":..,...}}), null when not read
     * (NULL, SKIPPED), {@code {"error":"EFAULT"}} when unreadable.
     */
    static void writeJsonBuf(final DirectBuffer buffer, final int offset, final JsonOutput json)
    {
        json.fieldName(BUF);
        if (!json.isRead(buffer.getInt(offset + MsgctlLayout.BUF_STATUS_OFFSET, LITTLE_ENDIAN)))
        {
            return;
        }
        if (usesMsginfo(buffer.getInt(offset + MsgctlLayout.CMD_OFFSET, LITTLE_ENDIAN)))
        {
            final int info = offset + MsgctlLayout.INFO_OFFSET;
            json.encoded(INFO_FIELDS[0]); // room for the whole object
            json.number(buffer.getInt(info + MsginfoLayout.MSGPOOL, LITTLE_ENDIAN));
            json.raw(INFO_FIELDS[1]);
            json.number(buffer.getInt(info + MsginfoLayout.MSGMAP, LITTLE_ENDIAN));
            json.raw(INFO_FIELDS[2]);
            json.number(buffer.getInt(info + MsginfoLayout.MSGMAX, LITTLE_ENDIAN));
            json.raw(INFO_FIELDS[3]);
            json.number(buffer.getInt(info + MsginfoLayout.MSGMNB, LITTLE_ENDIAN));
            json.raw(INFO_FIELDS[4]);
            json.number(buffer.getInt(info + MsginfoLayout.MSGMNI, LITTLE_ENDIAN));
            json.raw(INFO_FIELDS[5]);
            json.number(buffer.getInt(info + MsginfoLayout.MSGSSZ, LITTLE_ENDIAN));
            json.raw(INFO_FIELDS[6]);
            json.number(buffer.getInt(info + MsginfoLayout.MSGTQL, LITTLE_ENDIAN));
            json.raw(INFO_FIELDS[7]);
            json.number(buffer.getShort(info + MsginfoLayout.MSGSEG, LITTLE_ENDIAN) & 0xFFFF);
            json.endObject();
            return;
        }
        final int ds = offset + MsgctlLayout.DS_OFFSET;
        json.encoded(DS_OPEN); // room for the whole object
        json.raw(DS_PERM_FIELDS[0]);
        json.number(buffer.getInt(ds + MsqidDsLayout.PERM_KEY, LITTLE_ENDIAN));
        json.raw(DS_PERM_FIELDS[1]);
        json.number(buffer.getInt(ds + MsqidDsLayout.PERM_UID, LITTLE_ENDIAN) & 0xFFFF_FFFFL);
        json.raw(DS_PERM_FIELDS[2]);
        json.number(buffer.getInt(ds + MsqidDsLayout.PERM_GID, LITTLE_ENDIAN) & 0xFFFF_FFFFL);
        json.raw(DS_PERM_FIELDS[3]);
        json.number(buffer.getInt(ds + MsqidDsLayout.PERM_CUID, LITTLE_ENDIAN) & 0xFFFF_FFFFL);
        json.raw(DS_PERM_FIELDS[4]);
        json.number(buffer.getInt(ds + MsqidDsLayout.PERM_CGID, LITTLE_ENDIAN) & 0xFFFF_FFFFL);
        json.raw(DS_PERM_FIELDS[5]);
        json.number(buffer.getInt(ds + MsqidDsLayout.PERM_MODE, LITTLE_ENDIAN) & 0xFFFF_FFFFL);
        json.raw(DS_PERM_FIELDS[6]);
        json.number(buffer.getShort(ds + MsqidDsLayout.PERM_SEQ, LITTLE_ENDIAN) & 0xFFFF);
        json.endObject();
        json.raw(DS_FIELDS[0]);
        json.number(buffer.getLong(ds + MsqidDsLayout.STIME, LITTLE_ENDIAN));
        json.raw(DS_FIELDS[1]);
        json.number(buffer.getLong(ds + MsqidDsLayout.RTIME, LITTLE_ENDIAN));
        json.raw(DS_FIELDS[2]);
        json.number(buffer.getLong(ds + MsqidDsLayout.CTIME, LITTLE_ENDIAN));
        json.raw(DS_FIELDS[3]);
        json.unsigned(buffer.getLong(ds + MsqidDsLayout.CBYTES, LITTLE_ENDIAN));
        json.raw(DS_FIELDS[4]);
        json.unsigned(buffer.getLong(ds + MsqidDsLayout.QNUM, LITTLE_ENDIAN));
        json.raw(DS_FIELDS[5]);
        json.unsigned(buffer.getLong(ds + MsqidDsLayout.QBYTES, LITTLE_ENDIAN));
        json.raw(DS_FIELDS[6]);
        json.number(buffer.getInt(ds + MsqidDsLayout.LSPID, LITTLE_ENDIAN));
        json.raw(DS_FIELDS[7]);
        json.number(buffer.getInt(ds + MsqidDsLayout.LRPID, LITTLE_ENDIAN));
        json.endObject();
    }

    /** The payload of a msgbuf arg in ringcap's object: {@code "payload":"hex"}, null or the error. */
    static void writeJsonPayload(
        final int status, final DirectBuffer buffer, final int index, final int length, final JsonOutput json)
    {
        json.fieldName(PAYLOAD);
        if (json.isRead(status))
        {
            json.hex(buffer, index, length);
        }
    }
}
