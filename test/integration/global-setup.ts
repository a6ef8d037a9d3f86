// Starts the lab once for all integration tests and tears it down afterwards.
import { startLab, stopLab } from "./lab";

export default function setup() {
    startLab();
    return () => { stopLab() };
}
