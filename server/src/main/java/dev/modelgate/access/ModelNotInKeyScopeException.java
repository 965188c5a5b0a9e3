package dev.modelgate.access;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;

/**
 * The API key may not call that model: its scope ({@link ModelScope}) leaves it out. Refused before the model is
 * looked up, so a key learns nothing of the models outside its scope, and before any call to AWS (nothing is metered).
 */
public final class ModelNotInKeyScopeException extends ModelgateException {

    /**
     * @param key       the key as {@link Caller#name()} shows it: its prefix and name, never its secret
     * @param modelName the model asked for
     */
    public ModelNotInKeyScopeException(String key, String modelName, ModelScope scope) {
        super(ErrorCode.MODEL_NOT_IN_KEY_SCOPE, "the API key " + key + " may call only the models " + scope
                + "; \"" + modelName + "\" is not among them (a workspace admin sets a key's models when creating "
                + "it)");
    }
}
