package dev.caravan.warehouse;

import dev.caravan.config.CaravanConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The configured {@link RetryPolicy} as a bean (it is a plain class so that it can be tested without CDI). */
@ApplicationScoped
public class RetryPolicyProducer {

    @Produces
    @Singleton
    RetryPolicy retryPolicy(CaravanConfig config) {
        return RetryPolicy.of(config.retry());
    }
}
