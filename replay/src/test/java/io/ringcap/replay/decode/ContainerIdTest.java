package io.ringcap.replay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ContainerIdTest
{
    private static final String ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff";
    private static final String OTHER = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String POD = "pod0c4b9f4e-1f5d-4c1a-9b5e-2d6f3a7b8c9d";

    @Test
    void idsHere()
    {
        assertEquals(ContainerId.LENGTH, ID.length());
        assertEquals(ContainerId.LENGTH, OTHER.length());
    }

    @Test
    void docker()
    {
        assertEquals(ID, ContainerId.of("/system.slice/docker-" + ID + ".scope"), "systemd cgroup driver");
        assertEquals(ID, ContainerId.of("/docker/" + ID), "cgroupfs driver");
    }

    @Test
    void containerdCri()
    {
        assertEquals(ID, ContainerId.of("/system.slice/cri-containerd-" + ID + ".scope"));
    }

    @Test
    void crioButNotItsMonitor()
    {
        assertEquals(ID, ContainerId.of("/machine.slice/crio-" + ID + ".scope"));
        assertEquals("", ContainerId.of("/machine.slice/crio-conmon-" + ID + ".scope"), "conmon is not a container");
    }

    @Test
    void podmanButNotItsMonitor()
    {
        assertEquals(ID, ContainerId.of("/machine.slice/libpod-" + ID + ".scope"));
        assertEquals("", ContainerId.of("/machine.slice/libpod-conmon-" + ID + ".scope"));
        assertEquals(ID, ContainerId.of("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID +
            ".scope/container"), "rootless podman: the payload cgroup below the container's");
    }

    @Test
    void kubernetes()
    {
        assertEquals(ID, ContainerId.of("/kubepods/burstable/" + POD + "/" + ID), "cgroupfs driver");
        assertEquals(ID, ContainerId.of("/kubepods/" + POD + "/" + ID), "guaranteed QoS has no class directory");
        assertEquals(ID, ContainerId.of("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-" +
            POD.replace('-', '_') + ".slice/cri-containerd-" + ID + ".scope"), "systemd driver, containerd");
        assertEquals(ID, ContainerId.of("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-" +
            POD.replace('-', '_') + ".slice/docker-" + ID + ".scope"), "systemd driver, dockershim");
        assertEquals("", ContainerId.of("/kubepods/burstable/" + POD), "the pod itself is not a container");
        assertEquals("", ContainerId.of("/kubepods.slice/kubepods-besteffort.slice"));
    }

    @Test
    void innermostContainerWins()
    {
        assertEquals(ID, ContainerId.of("/system.slice/docker-" + ID + ".scope/init.scope"),
            "systemd inside a container: a cgroup below the container's");
        assertEquals(OTHER, ContainerId.of("/docker/" + ID + "/docker/" + OTHER), "docker in docker");
    }

    @Test
    void notContainers()
    {
        assertEquals("", ContainerId.of("/user.slice/user-1000.slice/session-2.scope"));
        assertEquals("", ContainerId.of("/init.scope"));
        assertEquals("", ContainerId.of("/"));
        assertEquals("", ContainerId.of(""));
        assertEquals("", ContainerId.of("/system.slice/docker.service"));
        assertEquals("", ContainerId.of("/system.slice/docker-" + ID.substring(1) + ".scope"), "63 digits");
        assertEquals("", ContainerId.of("/docker/" + ID + "0"), "65 digits");
        assertEquals("", ContainerId.of("/docker/" + ID.replace('f', 'g')), "not hex");
        assertEquals("", ContainerId.of("/system.slice/rkt-" + ID + ".scope"), "a runtime we do not know");
    }

    @Test
    void caseIsKept()
    {
        assertEquals(ID.toUpperCase(), ContainerId.of("/docker/" + ID.toUpperCase()));
    }
}
