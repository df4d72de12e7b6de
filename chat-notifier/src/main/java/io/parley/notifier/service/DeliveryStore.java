package io.parley.notifier.service;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.parley.notifier.repository.DeliveryRepository;
import io.parley.notifier.repository.DeviceRepository;

/** Transactional writes of the dispatcher (called on worker threads). */
@ApplicationScoped
public class DeliveryStore {

    private final DeliveryRepository deliveries;
    private final DeviceRepository devices;

    public DeliveryStore(DeliveryRepository deliveries, DeviceRepository devices) {
        this.deliveries = deliveries;
        this.devices = devices;
    }

    @Transactional
    public void finish(String messageId, UUID deviceId, String status, int attempts, String lastError) {
        deliveries.finish(messageId, deviceId, status, attempts, lastError);
    }

    /** The provider said the token is gone: the device is removed and the delivery closed. */
    @Transactional
    public void gone(String messageId, UUID deviceId, int attempts, String lastError) {
        devices.deleteById(deviceId);
        deliveries.finish(messageId, deviceId, DeliveryRepository.GONE, attempts, lastError);
    }

    @Transactional
    public void release(List<DeliveryJob> jobs) {
        for (DeliveryJob j : jobs) {
            deliveries.release(j.messageId(), j.device().id());
        }
    }

    @Transactional
    public List<DeliveryRepository.Pending> claimExpired(Duration lease, int limit) {
        return deliveries.claimExpired(lease, limit);
    }

    @Transactional
    public int purge(Duration retention) {
        return deliveries.purgeOlderThan(retention);
    }
}
