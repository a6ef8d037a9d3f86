// Starts the lab once for all integration tests and tears it down afterwards.
import { startLab, stopLab } from "./lab";

export default function setup() {
    stopLab(); // a lab left over from an interrupted run
    startLab();
    return () => {
        stopLab();
    };
}
