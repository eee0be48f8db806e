package dev.caravan.clean;

/** US states to 2-letter codes, from codes or full names ("texas", "TX", "Tx", "N.Y."). */
final class StateCleaner implements ValueCleaner {

    @Override
    public Object clean(String raw) throws InvalidValueException {
        String code = UsStates.code(raw);
        if (code == null) {
            code = UsStates.code(raw.replace(".", ""));
        }
        if (code == null) {
            throw new InvalidValueException("'" + raw + "' is not a US state or territory");
        }
        return code;
    }
}
